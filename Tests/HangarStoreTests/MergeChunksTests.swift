import Foundation
import HangarCore
import NIOCore
import Testing
@testable import HangarHQPostgres
@testable import HangarStore

/// A merge into PostgreSQL writes a canonical line's `COPY` row straight from its bytes
/// (`HQLine.places`), and any other line's from the long way (`HQLine(reading:)`): the rows,
/// what is kept of each line and the links of its chain must be the long way's, whichever
/// way a line went and wherever the slices are cut.
@Suite("HQ merge: rows written from a line's bytes are the long way's")
struct MergeChunksTests {
    /// Export lines of every sort the quick way takes and does not: random fields, texts that
    /// need `COPY` escapes, a real chain, and the same lines loosely spaced (not canonical).
    static func lines() -> [String] {
        var r = HQLineTests.Seeded(state: 0x600D)
        var texts = (0..<1500).map { _ in CanonicalJSON.text(.object(HQLineTests.line(&r))) }
        let chained = HQStoreTests.chainedLines("KZ-C", count: 400)
        texts += chained
        texts += chained.prefix(50).map { $0.replacingOccurrences(of: ",", with: ", ") }
        // Only lines the long way takes: a refused line ends its slice.
        return texts.filter { (try? HQLine(reading: Data($0.utf8))) != nil }
    }

    @Test(arguments: [1, 2, 3]) func rowsLinesAndLinksAreTheLongWays(cut: Int) throws {
        let texts = Self.lines()
        let long = try texts.map { try HQLine(reading: Data($0.utf8)) }
        let quick = texts.filter { text in Data(text.utf8).withUnsafeBytes { HQLine.places($0) } != nil }.count
        // The chained lines and some of the random ones go the quick way; the loose ones cannot.
        #expect(quick > 400 && quick <= texts.count - 50, "\(quick) of \(texts.count) the quick way")
        // Cut into slices at different places: 1 line, then the rest in `cut` parses.
        let size = (texts.count + cut - 1) / cut
        var slices: [MergeChunks.Slice] = []
        for start in stride(from: 0, to: texts.count, by: size) {
            let raw = texts[start..<min(texts.count, start + size)].enumerated().map { (number: start + $0.offset + 1, data: Data($0.element.utf8)) }
            slices += MergeChunks.parse(Array(raw)).map { var s = $0; s.start += start; return s }
        }
        var expectedRows = ByteBuffer(), rows = ByteBuffer()
        for line in long { CopyText.row(MergeChunks.fields(line), into: &expectedRows) }
        var read = 0, chainLinks = 0
        for slice in slices {
            #expect(slice.failure == nil)
            var sliceRows = slice.rows
            rows.writeBuffer(&sliceRows)
            #expect(slice.lines.count == slice.links.count)
            for (k, line) in slice.lines.enumerated() {
                let i = slice.start + k, want = long[i]
                #expect(line.origin == want.origin && line.id == want.id && line.seq == want.seq && line.hash == want.hash, "line \(i + 1)")
                #expect(line.print == IDPrint.print(of: want.id))
                if k == 0 {
                    #expect(slice.links[k] == nil)
                    #expect(slice.firstContent == Array(want.content.utf8), "line \(i + 1)")
                } else {
                    let follows = Chain.follows(previous: long[i - 1].hash, content: want.content, hash: want.hash)
                    #expect(slice.links[k] == follows, "line \(i + 1)")
                    if follows { chainLinks += 1 }
                }
                read += 1
            }
        }
        #expect(read == texts.count)
        #expect(rows == expectedRows)
        // The chained lines' links hold (all but where the slices or the loose copies cut them).
        #expect(chainLinks >= 390, "\(chainLinks)")
    }

    /// The staging table's rows: each row of the chunk with its line number first, counted
    /// from the lines before the chunk, whatever its fields hold (escaped newlines, tabs).
    @Test func numberedRowsAreTheRowsWithTheirLineNumbers() throws {
        let texts = Self.lines()
        let long = try texts.map { try HQLine(reading: Data($0.utf8)) }
        let slices = MergeChunks.parse(texts.enumerated().map { (number: $0.offset + 1, data: Data($0.element.utf8)) })
        var rows = ByteBuffer()
        for slice in slices { var r = slice.rows; rows.writeBuffer(&r) }
        let chunk = MergeChunks.Chunk(parts: slices.map(\.lines), count: texts.count, origin: "", rows: rows, repeatsAnID: false, before: 40)
        var expected = ByteBuffer()
        for (i, line) in long.enumerated() { CopyText.row([String(41 + i)] + MergeChunks.fields(line), into: &expected) }
        #expect(MergeChunks.numberedRows(chunk) == expected)
        #expect(CopyTextTests.read(Array(expected.readableBytesView)).count == texts.count)
    }

    /// A refused line stops its slice and names its own line number, the long way's message.
    @Test func aRefusedLineNamesItsNumber() throws {
        var texts = Self.lines()
        texts[700] = #"{"event":"register","format":2}"#
        let slices = MergeChunks.parse(texts.enumerated().map { (number: $0.offset + 1, data: Data($0.element.utf8)) })
        let failed = try #require(slices.first { $0.failure != nil })
        #expect(failed.start + failed.lines.count == 700)
        #expect("\(failed.failure!)".contains("line 701"), "\(failed.failure!)")
    }
}
