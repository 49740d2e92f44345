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
}
