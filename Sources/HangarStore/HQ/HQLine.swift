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

    /// The line read without a JSON tree, when its text is already canonical (RFC 8785) and
    /// every field headquarters keep in a column is a plain string: its content is then its own
    /// text without the stamp's members. Nil for any other line (a receipt too, for its serials):
    /// `init(reading:)` reads those. Both ways give the same line (tests hold them to it).
    static func canonical(_ data: Data) -> HQLine? {
        data.withUnsafeBytes { bytes -> HQLine? in
            guard let members = CanonicalScan.members(bytes) else { return nil }
            var origin: String?, seq: Int64?, hash: String?, format = false
            var id: String?, kind: String?, subject: String?, at: String?, recorded: String?
            var kept: [Range<Int>] = []
            kept.reserveCapacity(members.count)
            for member in members {
                func text(_ range: Range<Int>) -> String { String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
                // A string without escapes, not empty: no NUL can be in it.
                var plain: String? {
                    member.plain && member.value.count > 2 ? text((member.value.lowerBound + 1)..<(member.value.upperBound - 1)) : nil
                }
                switch text(member.key) {
                case "format":
                    guard text(member.value) == String(LineStamp.currentFormat) else { return nil }
                    format = true
                case "workshop":
                    guard let code = plain, WorkshopCode.isNormalized(code) else { return nil }
                    origin = code
                case "workshop_seq":
                    guard let number = Int64(text(member.value)), number >= 1 else { return nil }
                    seq = number
                case "hash":
                    guard let value = plain, LineStamp.isHash(value) else { return nil }
                    hash = value
                case let key:
                    kept.append(member.text)
                    switch key {
                    case "id": guard let value = plain else { return nil }; id = value
                    case "event": guard let value = plain, value != "stock_receive" else { return nil }; kind = value
                    case "subject": guard let value = plain else { return nil }; subject = value
                    case "at": guard let value = plain else { return nil }; at = value
                    case "recorded": guard let value = plain else { return nil }; recorded = value
                    default: break
                    }
                }
            }
            guard format, let origin, let seq, let hash, let id, let kind, let subject, let at else { return nil }
            let length = kept.reduce(1 + max(kept.count, 1)) { $0 + $1.count }
            let content = String(unsafeUninitializedCapacity: length) { out in
                var n = 0
                func put(_ byte: UInt8) { out[n] = byte; n += 1 }
                put(UInt8(ascii: "{"))
                for (k, range) in kept.enumerated() {
                    if k > 0 { put(UInt8(ascii: ",")) }
                    UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: out[n..<(n + range.count)]))
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[range]))
                    n += range.count
                }
                put(UInt8(ascii: "}"))
                return n
            }
            return HQLine(origin: origin, seq: seq, hash: hash, id: id, kind: kind, subject: subject, occurredAt: at,
                          recordedAt: recorded, content: content, receivedSerials: [])
        }
    }

    /// Line `data` read into a JSON tree and checked field by field.
    init(reading data: Data) throws {
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
        if origin == nil { origin = line.origin }
        guard origin == line.origin else {
            throw HangarError.atLine(number, HangarError.invalidValue(
                field: "workshop", value: line.origin, allowed: "one workshop's lines in a file (this file is \(origin!)'s)"))
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
