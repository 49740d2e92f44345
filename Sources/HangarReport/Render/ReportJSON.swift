import Foundation
import HangarCore

/// `--format json`: the machine contract of DESIGN §8 (snake_case keys, nulls for ratios
/// with a zero denominator, numbers unrounded, dates as YYYY-MM-DD), written from
/// `ReportDocument`, the report's Encodable shape.
public enum ReportJSON {
    public static func render(_ r: ThroughputReport) -> String {
        String(decoding: bytes(r), as: UTF8.self)
    }

    /// The rendering as UTF-8. The long id lists (a national fleet has hundreds of
    /// thousands) are not encoded one string each: the document carries a marker in their
    /// place, and each list is written into the output in the layout the encoder gives an
    /// array at that depth (a test holds the two equal). `pretty: false` gives the compact
    /// form (the API's).
    public static func bytes(_ r: ThroughputReport, pretty: Bool = true) -> [UInt8] {
        var out = ByteStream()
        write(r, pretty: pretty, to: &out)
        return out.buffer
    }

    /// Writes the rendering into `out`. `open` leaves the document's object open (no
    /// closing brace, no line break after its last member) for a caller to add members to.
    public static func write(_ r: ThroughputReport, pretty: Bool = true, open: Bool = false, to out: inout ByteStream) {
        let marked = Marked(r, pretty: pretty)
        var text = marked.text
        if open, let close = text.lastIndex(of: UInt8(ascii: "}")) {
            text.removeSubrange(close...)
            while let last = text.last, last == 0x0A || last == 0x20 { text.removeLast() }
        }
        marked.fill(text, into: &out)
        if pretty && !open { out.append(0x0A) }
    }

    /// The document as the encoder writes it with a marker (a quoted string starting with
    /// \u0001) in place of each long id list, and the lists: a caller may cut the text
    /// (a few kilobytes) before the lists (megabytes) are written into it with `fill`.
    public struct Marked {
        public let text: [UInt8]
        let pretty: Bool
        let lists: [(marker: [UInt8], ids: IDList, depth: Int)]

        public init(_ r: ThroughputReport, pretty: Bool = true) {
            self.pretty = pretty
            lists = [
                (ReportDocument.Marker.dueForService, r.snapshot.dueForService, 2),
                (ReportDocument.Marker.flightsWhileDue, r.snapshot.complianceEvents.flightsWhileDue, 3),
                (ReportDocument.Marker.flightsByUnqualified, r.snapshot.complianceEvents.flightsByUnqualified, 3),
                (ReportDocument.Marker.hastyQC, r.snapshot.complianceEvents.hastyQC, 3),
            ].map { (Array("\"\\u0001\($0.0.rawValue.dropFirst())\"".utf8), $0.1, $0.2) }
            text = ReportJSON.encode(ReportDocument(report: r, markers: true), pretty: pretty)
        }

        /// Writes `text` (the marked text or a piece of it) into `out` with each marker in
        /// it replaced by its list, laid out as the encoder lays out an array at its depth
        /// plus `deeper` levels (a piece moved `deeper` levels in).
        public func fill(_ text: [UInt8], deeper: Int = 0, into out: inout ByteStream) {
            let places = lists.compactMap { list in firstRange(of: list.marker, in: text).map { ($0, list) } }
            out.reserve(out.buffer.count + text.count + places.reduce(0) { $0 + $1.1.ids.bytes.count + $1.1.ids.count * (2 * ($1.1.depth + deeper) + 6) } + 1)
            var start = 0
            for (range, list) in places.sorted(by: { $0.0.lowerBound < $1.0.lowerBound }) {
                out.append(contentsOf: text[start..<range.lowerBound])
                array(list.ids, depth: pretty ? list.depth + deeper : nil, into: &out)
                start = range.upperBound
            }
            out.append(contentsOf: text[start...])
        }
    }

    /// The document as the JSON encoder writes it: keys sorted, slashes as they are.
    static func encode(_ document: ReportDocument, pretty: Bool) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        // Every value is text, a whole number or a finite ratio: encoding cannot fail.
        return (try? encoder.encode(document)).map { [UInt8]($0) } ?? Array(#"{"error":"the report could not be written"}"#.utf8)
    }

    /// An array of strings as the encoder pretty-prints it for a key at `depth`, or
    /// writes it compactly (depth nil).
    static func array(_ ids: IDList, depth: Int?, into out: inout ByteStream) {
        // Ids with nothing to escape (every one, in practice) are copied a piece at a time.
        if !ids.isEmpty, !ids.bytes.contains(where: { $0 == 0x22 || $0 == 0x5C }) {
            return plainArray(ids, depth: depth, into: &out)
        }
        escapedArray(ids, depth: depth, into: &out)
    }

    /// `array` an id at a time, each escaped as it needs.
    static func escapedArray(_ ids: IDList, depth: Int?, into out: inout ByteStream) {
        out.append(0x5B)
        guard let depth else {
            for i in ids.indices {
                if i > 0 { out.append(0x2C) }
                appendQuoted(ids, i, to: &out)
            }
            out.append(0x5D)
            return
        }
        let inner = [UInt8](repeating: 0x20, count: 2 * (depth + 1)), outer = [UInt8](repeating: 0x20, count: 2 * depth)
        out.append(0x0A)
        for i in ids.indices {
            out.append(contentsOf: inner)
            appendQuoted(ids, i, to: &out)
            if i < ids.count - 1 { out.append(0x2C) }
            out.append(0x0A)
        }
        if ids.isEmpty { out.append(0x0A) }
        out.append(contentsOf: outer)
        out.append(0x5D)
    }

    /// `array` for a list of at least one id, none with a quote or a backslash: the same
    /// text, gathered in pieces of about 64 KiB (a national list runs to a million ids).
    static func plainArray(_ ids: IDList, depth: Int?, into out: inout ByteStream) {
        var piece: [UInt8] = [0x5B]
        piece.reserveCapacity(1 << 16 + 256)
        let inner: [UInt8] = depth.map { [UInt8](repeating: 0x20, count: 2 * ($0 + 1)) } ?? []
        let last = ids.count - 1
        ids.bytes.withUnsafeBufferPointer { all in
            if depth != nil { piece.append(0x0A) }
            for i in ids.indices {
                if depth == nil, i > 0 { piece.append(0x2C) }
                piece.append(contentsOf: inner)
                piece.append(0x22)
                piece.append(contentsOf: UnsafeBufferPointer(rebasing: all[ids.range(i)]))
                piece.append(0x22)
                if depth != nil {
                    if i < last { piece.append(0x2C) }
                    piece.append(0x0A)
                }
                if piece.count >= 1 << 16 {
                    out.append(contentsOf: piece)
                    piece.removeAll(keepingCapacity: true)
                }
            }
        }
        if let depth { piece.append(contentsOf: [UInt8](repeating: 0x20, count: 2 * depth)) }
        piece.append(0x5D)
        out.append(contentsOf: piece)
    }

    static func appendQuoted(_ ids: IDList, _ i: Int, to out: inout ByteStream) {
        out.append(0x22)
        let id = ids.bytes[ids.range(i)]
        if id.contains(where: { $0 == 0x22 || $0 == 0x5C }) {
            for byte in id {
                if byte == 0x22 || byte == 0x5C { out.append(0x5C) }  // " and \ escaped; ids are printable ASCII
                out.append(byte)
            }
        } else {
            out.append(contentsOf: id)
        }
        out.append(0x22)
    }

    static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard needle.count <= haystack.count else { return nil }
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) { return i..<(i + needle.count) }
            i += 1
        }
        return nil
    }
}
