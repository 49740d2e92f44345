import Foundation
import HangarCore

/// One line of a format-2 export as headquarters hold it.
public struct HQLine: Sendable, Equatable {
    public var origin: String
    public var seq: Int64
    public var hash: String
    public var id: String
    public var kind: String
    public var subject: String
    public var occurredAt: String
    public var recordedAt: String?
    /// The RFC 8785 text of the line without its stamp: what the chain hashes.
    public var content: String
    /// Component serials this line claims (a receipt's `serials`).
    public var receivedSerials: [String]

    /// Line `data` read and checked: the quick way when it is canonical text as `hangar export`
    /// writes it (`canonical`), else the long way (`init(reading:)`), which also says what is wrong.
    public init(_ data: Data) throws {
        if let line = Self.canonical(data) {
            self = line
        } else {
            try self.init(reading: data)
        }
    }

    init(origin: String, seq: Int64, hash: String, id: String, kind: String, subject: String, occurredAt: String,
         recordedAt: String?, content: String, receivedSerials: [String]) {
        self.origin = origin; self.seq = seq; self.hash = hash; self.id = id; self.kind = kind; self.subject = subject
        self.occurredAt = occurredAt; self.recordedAt = recordedAt; self.content = content; self.receivedSerials = receivedSerials
    }

    /// Where a canonical line's columns lie in its bytes: string values without their quotes.
    /// `canonical` makes the line's texts of them; a merge into PostgreSQL writes its rows
    /// straight from them.
    public struct Places: Sendable {
        public var origin: Range<Int>, hash: Range<Int>, id: Range<Int>, kind: Range<Int>, subject: Range<Int>, at: Range<Int>
        public var recorded: Range<Int>?
        /// The value of `workshop_seq`, as its digits are written.
        public var seqText: Range<Int>
        public var seq: Int64
        /// The members the content keeps (all but the stamp's), in their order.
        public var kept: [Range<Int>]

        /// The content's length: the kept members between braces, with commas between them.
        public var contentLength: Int { kept.reduce(1 + max(kept.count, 1)) { $0 + $1.count } }

        /// Writes the content (the line's text without the stamp's members) from the line's
        /// `bytes` into `out`, which must hold `contentLength` bytes; returns that length.
        public func writeContent(of bytes: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Int {
            var n = 0
            out[n] = UInt8(ascii: "{"); n += 1
            for (k, range) in kept.enumerated() {
                if k > 0 { out[n] = UInt8(ascii: ","); n += 1 }
                UnsafeMutableRawBufferPointer(rebasing: out[n..<(n + range.count)]).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[range]))
                n += range.count
            }
            out[n] = UInt8(ascii: "}"); n += 1
            return n
        }
    }

    /// The places of a line's columns when its text is already canonical (RFC 8785) and every
    /// field headquarters keep in a column is a plain string, not empty (so no NUL is in it);
    /// nil for any other line (a receipt too, for its serials): `init(reading:)` reads those.
    public static func places(_ bytes: UnsafeRawBufferPointer) -> Places? {
        guard let members = CanonicalScan.members(bytes) else { return nil }
        var origin: Range<Int>?, seq: (Range<Int>, Int64)?, hash: Range<Int>?, format = false
        var id: Range<Int>?, kind: Range<Int>?, subject: Range<Int>?, at: Range<Int>?, recorded: Range<Int>?
        var kept: [Range<Int>] = []
        kept.reserveCapacity(members.count)
        for member in members {
            let key = UnsafeRawBufferPointer(rebasing: bytes[member.key])
            func keyIs(_ name: StaticString) -> Bool {
                key.count == name.utf8CodeUnitCount && memcmp(key.baseAddress!, name.utf8Start, key.count) == 0
            }
            // A string without escapes, not empty, without its quotes.
            var plain: Range<Int>? {
                member.plain && member.value.count > 2 ? (member.value.lowerBound + 1)..<(member.value.upperBound - 1) : nil
            }
            if keyIs("format") {
                guard UnsafeRawBufferPointer(rebasing: bytes[member.value]).elementsEqual(Self.formatText) else { return nil }
                format = true
            } else if keyIs("workshop") {
                guard let code = plain, WorkshopCode.isNormalized(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[code]), as: UTF8.self)) else { return nil }
                origin = code
            } else if keyIs("workshop_seq") {
                guard let number = Self.positive(UnsafeRawBufferPointer(rebasing: bytes[member.value])) else { return nil }
                seq = (member.value, number)
            } else if keyIs("hash") {
                guard let value = plain, LineStamp.isHash(UnsafeRawBufferPointer(rebasing: bytes[value])) else { return nil }
                hash = value
            } else {
                kept.append(member.text)
                if keyIs("id") {
                    guard let value = plain else { return nil }
                    id = value
                } else if keyIs("event") {
                    guard let value = plain, !(value.count == 13 && memcmp(bytes.baseAddress! + value.lowerBound, ("stock_receive" as StaticString).utf8Start, 13) == 0) else { return nil }
                    kind = value
                } else if keyIs("subject") {
                    guard let value = plain else { return nil }
                    subject = value
                } else if keyIs("at") {
                    guard let value = plain else { return nil }
                    at = value
                } else if keyIs("recorded") {
                    guard let value = plain else { return nil }
                    recorded = value
                }
            }
        }
        guard format, let origin, let seq, let hash, let id, let kind, let subject, let at else { return nil }
        return Places(origin: origin, hash: hash, id: id, kind: kind, subject: subject, at: at, recorded: recorded,
                      seqText: seq.0, seq: seq.1, kept: kept)
    }

    static let formatText = Array(String(LineStamp.currentFormat).utf8)

    /// A sequence number as `Int64(text)` reads it, when at least 1; nil otherwise (any
    /// character but a digit, or too large).
    static func positive(_ digits: UnsafeRawBufferPointer) -> Int64? {
        guard !digits.isEmpty else { return nil }
        var value: Int64 = 0
        for d in digits {
            guard d >= UInt8(ascii: "0") && d <= UInt8(ascii: "9") else { return nil }
            let (times, over) = value.multipliedReportingOverflow(by: 10)
            let (sum, overAgain) = times.addingReportingOverflow(Int64(d - UInt8(ascii: "0")))
            guard !over && !overAgain else { return nil }
            value = sum
        }
        return value >= 1 ? value : nil
    }

    /// The line read without a JSON tree, when its text is already canonical (`places`): its
    /// content is then its own text without the stamp's members. Nil for any other line:
    /// `init(reading:)` reads those. Both ways give the same line (tests hold them to it).
    static func canonical(_ data: Data) -> HQLine? {
        data.withUnsafeBytes { bytes -> HQLine? in
            guard let places = places(bytes) else { return nil }
            func text(_ range: Range<Int>) -> String { String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            let content = String(unsafeUninitializedCapacity: places.contentLength) {
                places.writeContent(of: bytes, into: UnsafeMutableRawBufferPointer($0))
            }
            return HQLine(origin: text(places.origin), seq: places.seq, hash: text(places.hash), id: text(places.id),
                          kind: text(places.kind), subject: text(places.subject), occurredAt: text(places.at),
                          recordedAt: places.recorded.map(text), content: content, receivedSerials: [])
        }
    }

    /// Line `data` read into a JSON tree and checked field by field.
    public init(reading data: Data) throws {
        guard case var .object(fields) = try JSONReader.read(data) else {
            throw HangarError.invalidValue(field: "line", value: EventLine.preview(data), allowed: "each line must be one JSON object, {...}")
        }
        let stamp = try LineStamp.take(from: &fields)
        guard stamp.format == LineStamp.currentFormat else {
            throw HangarError.invalidValue(field: "format", value: String(stamp.format),
                                           allowed: "headquarters merge format-2 exports (hangar export of a workshop whose code is set)")
        }
        guard let origin = stamp.workshop, let seq = stamp.workshopSeq, let hash = stamp.hash else {
            throw HangarError.missingField(event: "", field: stamp.workshop == nil ? "workshop (set the workshop's code, then export again)"
                                                        : stamp.workshopSeq == nil ? "workshop_seq" : "hash")
        }
        // Texts headquarters keep in columns of their own: PostgreSQL's text holds no NUL, so
        // neither engine takes one.
        func text(_ key: String, required: Bool = true) throws -> String? {
            guard case let .string(value)? = fields[key], !value.isEmpty else {
                if required { throw HangarError.missingField(event: "", field: key) }
                return nil
            }
            if value.unicodeScalars.contains("\u{0}") {
                throw HangarError.invalidValue(field: key, value: EventLine.preview(Data(value.utf8)), allowed: "text without the NUL character (U+0000)")
            }
            return value
        }
        self.origin = origin
        self.seq = seq
        self.hash = hash
        id = try text("id")!
        kind = try text("event")!
        subject = try text("subject")!
        occurredAt = try text("at")!
        recordedAt = try text("recorded", required: false)
        receivedSerials = []
        if kind == "stock_receive", case let .array(serials)? = fields["serials"] {
            for case let .string(serial) in serials where !serial.isEmpty && !serial.unicodeScalars.contains("\u{0}") {
                receivedSerials.append(serial)
            }
        }
        content = CanonicalJSON.text(.object(fields))
    }
}

/// A format-2 export read a batch of lines at a time, each line checked: one JSON object with
/// its stamp, every line from one workshop. A line that fails names its line number.
public struct HQLineBatches {
    let handle: FileHandle
    var buffer = Data()
    var start = 0
    var lineNumber = 0
    var finished = false
    public private(set) var origin: String?
    public private(set) var lines = 0

    public init(handle: FileHandle) { self.handle = handle }

    /// The next lines (up to `limit`), blank lines skipped; empty at the end of the file.
    public mutating func next(limit: Int) throws -> [HQLine] {
        let raw = try nextRaw(limit: limit)
        var out: [HQLine] = []
        out.reserveCapacity(raw.count)
        for (number, data) in raw {
            let line = try Self.line(data, number: number)
            try accept(line, number: number)
            out.append(line)
        }
        return out
    }

    /// The next lines' text (up to `limit`) with their line numbers, blank lines skipped;
    /// empty at the end of the file. Each is checked with `line`, then taken in file order
    /// with `accept`.
    public mutating func nextRaw(limit: Int) throws -> [(number: Int, data: Data)] {
        var out: [(number: Int, data: Data)] = []
        while out.count < limit {
            guard let data = try nextLine() else { break }
            lineNumber += 1
            if data.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            out.append((lineNumber, data))
        }
        return out
    }

    /// Line `number` read and checked: a refusal names its line.
    public static func line(_ data: Data, number: Int) throws -> HQLine {
        do {
            return try HQLine(data)
        } catch let error as HangarError {
            throw HangarError.atLine(number, error)
        }
    }

    /// Takes a checked line, in file order: every line from the first one's workshop.
    public mutating func accept(_ line: HQLine, number: Int) throws {
        try accept(origin: line.origin, number: number)
    }

    /// Takes a checked line of workshop `lineOrigin`, in file order.
    public mutating func accept(origin lineOrigin: String, number: Int) throws {
        if origin == nil { origin = lineOrigin }
        guard origin == lineOrigin else {
            throw HangarError.atLine(number, HangarError.invalidValue(
                field: "workshop", value: lineOrigin, allowed: "one workshop's lines in a file (this file is \(origin!)'s)"))
        }
        lines += 1
    }

    mutating func nextLine() throws -> Data? {
        while true {
            let found: Int? = buffer.withUnsafeBytes { bytes -> Int? in
                guard let base = bytes.baseAddress, start < bytes.count,
                      let hit = memchr(base + start, 0x0A, bytes.count - start) else { return nil }
                return UnsafeRawPointer(hit) - base
            }
            if let newline = found {
                if newline - start > LineReader.maximumLine {
                    throw LineReader.tooLong(lineNumber + 1, bytes: "\(newline - start) bytes")
                }
                let line = buffer[start..<newline]
                start = buffer.index(after: newline)
                return line
            }
            if buffer.endIndex - start > LineReader.maximumLine {
                throw LineReader.tooLong(lineNumber + 1, bytes: "more than \(LineReader.maximumLine) bytes")
            }
            if finished {
                guard start < buffer.endIndex else { return nil }
                defer { start = buffer.endIndex }
                return buffer[start...]
            }
            let chunk = try handle.read(upToCount: LineReader.chunkSize) ?? Data()
            // What is left of the last chunk moves to the front once per chunk, not once per line.
            buffer = Data(buffer[start...])
            start = buffer.startIndex
            if chunk.isEmpty { finished = true } else { buffer.append(chunk) }
        }
    }
}
