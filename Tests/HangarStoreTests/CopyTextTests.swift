import Foundation
import NIOCore
import Testing
@testable import HangarHQPostgres

/// Rows in `COPY`'s text format read back field for field, whatever the texts hold.
@Suite("COPY text rows")
struct CopyTextTests {
    /// COPY's text format read back: rows by newline, fields by tab, `\N` null, and the four
    /// escapes this writer uses.
    static func read(_ bytes: [UInt8]) -> [[String?]] {
        var rows: [[String?]] = [], fields: [String?] = [], field: [UInt8] = [], escaped = false, isNull = false
        for b in bytes {
            if escaped {
                escaped = false
                switch b {
                case UInt8(ascii: "N"): isNull = true
                case UInt8(ascii: "t"): field.append(0x09)
                case UInt8(ascii: "n"): field.append(0x0A)
                case UInt8(ascii: "r"): field.append(0x0D)
                default: field.append(b)
                }
                continue
            }
            switch b {
            case 0x5C: escaped = true
            case 0x0D: Issue.record("a carriage return not escaped: COPY reads it as an end of line")
            case 0x09, 0x0A:
                fields.append(isNull ? nil : String(decoding: field, as: UTF8.self))
                field = []
                isNull = false
                if b == 0x0A { rows.append(fields); fields = [] }
            default: field.append(b)
            }
        }
        return rows
    }

    @Test func rowsReadBackAsWritten() {
        var seed: UInt64 = 0xC0B1
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int(seed >> 33) % n }
        let pieces = ["a", "\\", "\t", "\n", "\r", "Ә", "🛩", " ", "\"", "N", "\\N", "x\\ty"]
        var rows: [[String?]] = []
        var buffer = ByteBuffer()
        for _ in 0..<500 {
            let row: [String?] = (0..<(1 + next(9))).map { _ in next(7) == 0 ? nil : (0..<next(12)).map { _ in pieces[next(pieces.count)] }.joined() }
            rows.append(row)
            CopyText.row(row, into: &buffer)
        }
        #expect(Self.read(Array(buffer.readableBytesView)) == rows)
    }

    /// Eight bytes are passed over only where none needs an escape: every byte value at each
    /// place among others that need none, and among others that do.
    @Test func aWordIsPassedOverOnlyWhereNoByteNeedsAnEscape() {
        for filler: UInt8 in [0x41, 0xFF, 0x0E, 0x5D, 0x5B, 0x80, 0x20] {
            for b in 0...255 {
                for place in 0..<8 {
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[place] = UInt8(b)
                    let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    #expect(CopyText.mayNeedEscape(word) == (b < 0x0E || b == 0x5C), "byte \(b) at \(place) among \(filler)")
                }
            }
        }
    }

    /// A long text with one character that needs an escape at each place (either side of
    /// every eight-byte boundary) reads back as written.
    @Test func escapesAtEveryPlaceOfALongTextReadBack() {
        for special in ["\\", "\t", "\n", "\r"] {
            var rows: [[String?]] = []
            var buffer = ByteBuffer()
            for place in 0..<40 {
                let text = String(repeating: "Ә", count: place / 2) + (place % 2 == 0 ? "" : "x") + special + String(repeating: "y", count: 40 - place)
                rows.append([text, "plain", special + special])
                CopyText.row(rows.last!, into: &buffer)
            }
            #expect(Self.read(Array(buffer.readableBytesView)) == rows)
        }
    }
}
