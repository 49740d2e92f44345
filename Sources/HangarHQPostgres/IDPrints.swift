import Foundation
import HangarCore
import NIOCore
import PostgresNIO

/// A line's id as a 64-bit print (FNV-1a of its UTF-8), with the line's sequence number.
/// Prints of two ids can be equal: a print found at two workshops is a lead, checked against
/// the ids themselves before anything is listed.
struct IDPrint: Comparable, Sendable {
    var print: UInt64
    var seq: Int64

    init(id: String, seq: Int64) {
        self.print = Self.print(of: id)
        self.seq = seq
    }

    init(print: UInt64, seq: Int64) {
        self.print = print
        self.seq = seq
    }

    static func print(of id: String) -> UInt64 {
        var id = id
        return id.withUTF8 { print(of: UnsafeRawBufferPointer($0)) }
    }

    /// The print of an id given as its UTF-8 bytes.
    static func print(of id: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    static func < (a: IDPrint, b: IDPrint) -> Bool { (a.print, a.seq) < (b.print, b.seq) }

    /// Prints are kept in this many rows per workshop, by their top bits, so the ids held at
    /// two workshops are found a bucket at a time (every workshop's bucket at once).
    static let buckets = 16
    var bucket: Int { Int(print >> 60) }

    /// Prints gathered by bucket as lines land (sixteen arrays, none of a whole file's size).
    struct Buckets {
        var buckets = [[IDPrint]](repeating: [], count: IDPrint.buckets)
        var isEmpty: Bool { buckets.allSatisfy(\.isEmpty) }
        mutating func add(id: String, seq: Int64) { add(IDPrint(id: id, seq: seq)) }

        mutating func add(_ p: IDPrint) { buckets[p.bucket].append(p) }
    }

    /// Each bucket's prints sorted and encoded, where none are held yet (a workshop's first file).
    static func sortedRows(_ byBucket: [[IDPrint]]) -> [(bucket: Int, prints: ByteBuffer)] {
        byBucket.enumerated().compactMap { bucket, prints in prints.isEmpty ? nil : (bucket, encode(prints.sorted())) }
    }

    /// Walks workshops' sorted prints side by side; for each print held by more than one of
    /// them, `found(print, [(workshop's index, its sequence numbers with that print)])`.
    static func sharedPrints(_ stored: [ByteBuffer], found: (UInt64, [(Int, [Int64])]) -> Void) {
        var next = stored.map { $0.readerIndex }
        let ends = stored.map { $0.readerIndex + $0.readableBytes }
        func print(_ k: Int) -> UInt64? {
            next[k] < ends[k] ? stored[k].getInteger(at: next[k], endianness: .little, as: UInt64.self) : nil
        }
        func seq(_ k: Int) -> Int64 { stored[k].getInteger(at: next[k] + 8, endianness: .little, as: Int64.self) ?? 0 }
        var heads = stored.indices.map { print($0) }
        while true {
            var lowest: UInt64?, holding = 0, only = 0
            for (k, head) in heads.enumerated() {
                guard let head else { continue }
                if lowest == nil || head < lowest! {
                    (lowest, holding, only) = (head, 1, k)
                } else if head == lowest! {
                    holding += 1
                }
            }
            guard let lowest else { return }
            if holding == 1 {
                // The common case: one workshop's print, passed over (with its repeats).
                repeat { next[only] += 16; heads[only] = print(only) } while heads[only] == lowest
                continue
            }
            var holders: [(Int, [Int64])] = []
            for k in stored.indices where heads[k] == lowest {
                var seqs: [Int64] = []
                repeat {
                    seqs.append(seq(k))
                    next[k] += 16
                    heads[k] = print(k)
                } while heads[k] == lowest
                holders.append((k, seqs))
            }
            found(lowest, holders)
        }
    }

    /// Sorted prints as bytes: print and sequence number, 8 bytes each, little-endian.
    static func encode(_ prints: [IDPrint]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(prints.count * 16)
        for p in prints {
            buffer.writeInteger(p.print, endianness: .little)
            buffer.writeInteger(p.seq, endianness: .little)
        }
        return buffer
    }

    /// The prints `encode` wrote; nil for bytes it cannot have written.
    static func decode(_ buffer: ByteBuffer) -> [IDPrint]? {
        guard buffer.readableBytes % 16 == 0 else { return nil }
        var buffer = buffer
        var out: [IDPrint] = []
        out.reserveCapacity(buffer.readableBytes / 16)
        while let print = buffer.readInteger(endianness: .little, as: UInt64.self),
              let seq = buffer.readInteger(endianness: .little, as: Int64.self) {
            out.append(IDPrint(print: print, seq: seq))
        }
        return out
    }
}

/// The ids held at two workshops without grouping every line held: each workshop's ids are
/// kept as prints (`hq_id_prints`, written by the merge that lands them), a bucket of every
/// workshop's prints is read at once, and the prints found at two workshops are looked up.
extension PostgresHQ {
    static let printsTable = """
        CREATE TABLE hq_id_prints (origin TEXT NOT NULL, bucket INTEGER NOT NULL, prints BYTEA NOT NULL, PRIMARY KEY (origin, bucket))
        """
    static let printsStorage = "ALTER TABLE hq_id_prints ALTER COLUMN prints SET STORAGE EXTERNAL"

    /// Adds the prints of lines that landed (by bucket) to the workshop's, in the caller's
    /// transaction. `fresh`: the workshop has no prints yet.
    func addPrints(_ byBucket: [[IDPrint]], of origin: String, fresh: Bool) async throws {
        guard !fresh else {
            try await writePrints(IDPrint.sortedRows(byBucket), of: origin)
            return
        }
        for (bucket, var prints) in byBucket.enumerated() where !prints.isEmpty {
            var binds = PostgresBindings(capacity: 2)
            binds.append(origin)
            binds.append(bucket)
            try await storage {
                let rows = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT prints FROM hq_id_prints WHERE origin = $1 AND bucket = $2", binds: binds), logger: logger)
                for try await row in rows {
                    guard let held = IDPrint.decode(try row.decode(ByteBuffer.self)) else {
                        throw HangarError.storage("\(location): the id prints of \(origin) are damaged (hq_id_prints)")
                    }
                    prints += held
                }
            }
            prints.sort()
            try await writePrints([(bucket, IDPrint.encode(prints))], of: origin)
        }
    }

    /// Buckets of a workshop's prints, each sorted and encoded.
    func writePrints(_ rows: [(bucket: Int, prints: ByteBuffer)], of origin: String) async throws {
        for (bucket, prints) in rows {
            var binds = PostgresBindings(capacity: 3)
            binds.append(origin)
            binds.append(bucket)
            binds.append(prints)
            _ = try await storage {
                try await connection.query(PostgresQuery(unsafeSQL: """
                    INSERT INTO hq_id_prints (origin, bucket, prints) VALUES ($1, $2, $3)
                    ON CONFLICT (origin, bucket) DO UPDATE SET prints = excluded.prints
                    """, binds: binds), logger: logger)
            }
        }
    }

    /// Prints every line of a workshop's table (a store made before the prints were kept).
    func printLines(of origin: String) async throws {
        var prints = IDPrint.Buckets()
        try await forEach("SELECT seq, id FROM \"\(try Self.linesTable(of: origin))\"", []) { row in
            prints.add(id: row[1].text ?? "", seq: row[0].int ?? 0)
        }
        try await addPrints(prints.buckets, of: origin, fresh: true)
    }

    /// The ids held by more than one workshop, sorted.
    public func idsAtTwoWorkshops() async throws -> [String] {
        var leads: [String: [Int64]] = [:]
        var leadPrints = Set<UInt64>()
        for bucket in 0..<IDPrint.buckets {
            // Each workshop's prints of the bucket as stored (sorted), walked side by side:
            // nothing is decoded or sorted again.
            var origins: [String] = [], stored: [ByteBuffer] = []
            var binds = PostgresBindings(capacity: 1)
            binds.append(bucket)
            try await storage {
                let rows = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT origin, prints FROM hq_id_prints WHERE bucket = $1", binds: binds), logger: logger)
                for try await (origin, bytes) in rows.decode((String, ByteBuffer).self) {
                    guard bytes.readableBytes % 16 == 0 else {
                        throw HangarError.storage("\(location): the id prints of \(origin) are damaged (hq_id_prints)")
                    }
                    origins.append(origin)
                    stored.append(bytes)
                }
            }
            IDPrint.sharedPrints(stored) { print, holders in
                leadPrints.insert(print)
                for (k, seqs) in holders { leads[origins[k], default: []] += seqs }
            }
        }
        // Each lead's lines, their ids compared: an id kept only where two workshops hold it.
        var holders: [String: Set<String>] = [:]
        for (origin, seqs) in leads {
            for start in stride(from: 0, to: seqs.count, by: 1000) {
                var binds = PostgresBindings(capacity: 2)
                binds.append(origin)
                binds.append(Array(seqs[start..<min(start + 1000, seqs.count)]))
                try await storage {
                    // The workshop named, so its key (workshop, sequence) finds each line.
                    let rows = try await connection.query(PostgresQuery(
                        unsafeSQL: "SELECT id FROM \"\(try Self.linesTable(of: origin))\" WHERE origin = $1 AND seq = ANY($2)", binds: binds),
                        logger: logger)
                    for try await id in rows.decode(String.self) where leadPrints.contains(IDPrint.print(of: id)) {
                        holders[id, default: []].insert(origin)
                    }
                }
            }
        }
        return holders.filter { $0.value.count > 1 }.keys.sorted()
    }
}
