import Foundation
import HangarCore

/// One line of a format-2 export as headquarters hold it.
public struct HQLine: Sendable {
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

    public init(_ data: Data) throws {
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
