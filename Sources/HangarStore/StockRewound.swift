import GRDB
import HangarCore

/// The report's stock lists at the end of a period that later stock events follow (DESIGN
/// §11, §14), read from the projections and rewound, without holding every piece: the pass
/// over the events it replaces kept a whole national fleet's pieces in memory (gigabytes).
///
/// - A piece or lot that no stock event at or after the end names stands at the end as it
///   stands now. A piece one names is replayed from its own events before the end (the
///   core's `PieceLifecycle`); a lot has each later event's change taken off (`LotLedger`).
/// - The listed pieces (every battery, and each component whose minutes now reach 90% of its
///   life in force: flight minutes only grow, so none below now was above then) are read
///   from their rows less the flights after the snapshot, or, when many flights follow it
///   or the snapshot is before the end, replayed with their flights before the snapshot, as
///   the pass counted them.
extension HangarStore {
    /// The kinds of event that change a piece or a lot (the stock trail's, less `part_add`).
    static let stockMoveKinds: [EventKind] = StockTrail.kinds.subtracting([.partAdd]).sorted { $0.rawValue < $1.rawValue }

    /// The stock lists' input at the period's end `end` (pieces and lots as the events before
    /// it left them; flights before `takenAt`), judged by `parts` (each part's settings in
    /// force then), with `country`, leaving out the pieces of airframes in `terminal`.
    public func stockRewound(to end: Timestamp, takenAt: Timestamp, parts: [Part], country: String?, terminal: Set<String>) throws
        -> StockAtSnapshot {
        try stockRewound(to: end, takenAt: takenAt, parts: parts, country: country, terminal: terminal, replayingListed: nil)
    }

    /// `replayingListed`: whether each listed piece is replayed from its events (true), or
    /// read from the projections less its later flights (false, only when the snapshot is
    /// the period's end); nil chooses the one with fewer rows to read.
    func stockRewound(to end: Timestamp, takenAt: Timestamp, parts: [Part], country: String?, terminal: Set<String>,
                      replayingListed: Bool?) throws -> StockAtSnapshot {
        try read { db in
            let moves = Self.stockMoveKinds.map { "'\($0.rawValue)'" }.joined(separator: ",")
            let endText = end.storageText, takenText = takenAt.storageText
            var stock = StockAtSnapshot()
            stock.parts = parts
            stock.country = country
            // The pieces that may be listed, by serial: their rows now.
            var listed: [String: Piece] = [:]
            for piece in try Row.decodeAll(db, sql: "SELECT \(PieceRow.columnList) FROM pieces WHERE battery", { try PieceRow(row: $0).piece }) {
                listed[piece.serial] = piece
            }
            for part in parts {
                guard let life = part.lifeMinutes else { continue }
                for piece in try Row.decodeAll(db, sql: """
                    SELECT \(PieceRow.columnList) FROM pieces WHERE part = ? AND NOT battery AND flight_minutes >= ?
                    """, arguments: [part.number, (life * 9 + 9) / 10], { try PieceRow(row: $0).piece }) {
                    listed[piece.serial] = piece
                }
            }
            // Serial-tracked: the pieces received before the end and in stock now, less those a
            // later event moved, plus those of them that were in stock at the end.
            var inStock: [String: Int] = [:]
            let counted = try Row.fetchCursor(db, sql: """
                SELECT part, count(*) FROM pieces WHERE status = 'in_stock' AND received_at < ? GROUP BY part
                """, arguments: [endText])
            while let row = try counted.next() { inStock[row[0]] = row[1] }
            var movedListed: Set<String> = []
            let moved = try Row.fetchCursor(db, sql: """
                SELECT p.serial, p.part, p.battery, p.status FROM events e
                CROSS JOIN mentions m ON m.seq = e.seq
                CROSS JOIN pieces p ON p.serial = substr(m.ref, 3)
                WHERE e.kind IN (\(moves)) AND e.occurred_at >= ?1 AND m.ref >= 'c ' AND m.ref < 'c!' AND p.received_at < ?1
                GROUP BY p.serial
                """, arguments: [endText])
            while let row = try moved.next() {
                let serial: String = row[0], part: String = row[1], status: String = row[3]
                if listed[serial] != nil { movedListed.insert(serial) }
                if status == PieceStatus.inStock.rawValue { inStock[part, default: 0] -= 1 }
                let then = try Self.replayed(db, serial: serial, battery: row[2], before: end, flightsBefore: nil)
                if then.piece?.status == .inStock { inStock[part, default: 0] += 1 }
            }
            // Lot-tracked: each lot received before the end, less what later events changed.
            var inLots: [String: Int] = [:]
            let lots = try Row.fetchCursor(db, sql: "SELECT part, sum(on_hand) FROM lots WHERE received_at < ? GROUP BY part", arguments: [endText])
            while let row = try lots.next() { inLots[row[0]] = row[1] }
            var lotExisted: [String: Bool] = [:]
            let later = try Row.fetchCursor(db, sql: """
                SELECT m.ref AS mention, \(EventRow.Columns.allCases.map { "e.\($0.rawValue)" }.joined(separator: ", ")) FROM events e
                CROSS JOIN mentions m ON m.seq = e.seq
                WHERE e.kind IN (\(moves)) AND e.occurred_at >= ? AND m.ref >= 'l ' AND m.ref < 'l!'
                  AND NOT EXISTS (SELECT 1 FROM undone u WHERE u.event_id = e.id)
                """, arguments: [endText])
            while let row = try later.next() {
                let ref: String = row["mention"]
                guard case let .lot(part, lot)? = Mention(key: ref) else { throw Read.fail("mentions", ref, "ref", ref) }
                let existed = try lotExisted[ref] ?? (Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT received_at < ? FROM lots WHERE part = ? AND lot = ?"), arguments: [endText, part, lot]) ?? false)
                lotExisted[ref] = existed
                guard existed else { continue }
                inLots[part, default: 0] -= LotLedger.onHandDelta(try EventRow(row: row).event, part: part, lot: lot)
            }
            for part in parts {
                stock.onHand[part.number] = (part.tracking == .serial ? inStock[part.number] : inLots[part.number]) ?? 0
            }
            // Each listed piece as it stood: replayed with its flights before the snapshot (a
            // battery has ~100 mentions at a national fleet), or, when few flights follow the
            // snapshot, its row now less those flights (a piece no later stock event names:
            // none of them came before its latest counter check, which the rules keep in
            // time order) and only the moved ones replayed.
            let laterFlights = try Int.fetchOne(db, sql: "SELECT count(*) FROM events WHERE kind = 'flight' AND occurred_at >= ?",
                                                arguments: [takenText]) ?? 0
            let replaying = takenAt != end ? true : replayingListed ?? (laterFlights > listed.count * 8)
            var flownLater: [String: (minutes: Int, flights: Int)] = [:]
            if !replaying {
                let flown = try Row.fetchCursor(db, sql: """
                    SELECT m.ref, f.minutes FROM events e
                    CROSS JOIN mentions m ON m.seq = e.seq
                    CROSS JOIN flights f ON f.event_id = e.id
                    WHERE e.kind = 'flight' AND e.occurred_at >= ? AND m.ref >= 'c ' AND m.ref < 'c!'
                    """, arguments: [takenText])
                while let row = try flown.next() {
                    let ref: String = row[0]
                    let serial = String(ref.dropFirst(2))
                    guard listed[serial] != nil else { continue }
                    flownLater[serial, default: (0, 0)].minutes += row[1] as Int
                    flownLater[serial, default: (0, 0)].flights += 1
                }
            }
            for (serial, now) in listed.sorted(by: { $0.key < $1.key }) {
                var use: PieceUse
                if replaying || movedListed.contains(serial) {
                    let then = try Self.replayed(db, serial: serial, battery: now.battery, before: end, flightsBefore: takenAt)
                    guard let p = then.piece else { continue }
                    let counted = then.flights.filter { $0.seq > (then.counterCheck ?? Int64.min) }.count
                    use = PieceUse(serial: serial, part: p.part, airframe: p.airframe, battery: p.battery,
                                   minutes: then.flights.reduce(0) { $0 + $1.minutes },
                                   cycles: (then.counterCheck == nil ? 0 : p.cycles) + counted, capacityMah: p.capacityMah)
                    guard p.status != .scrapped else { continue }
                } else {
                    guard now.receivedAt < end, now.status != .scrapped else { continue }
                    let later = flownLater[serial] ?? (0, 0)
                    use = PieceUse(serial: serial, part: now.part, airframe: now.airframe, battery: now.battery,
                                   minutes: now.flightMinutes - later.minutes,
                                   cycles: now.battery ? now.cycles - later.flights : 0, capacityMah: now.capacityMah)
                }
                guard !(use.airframe.map(terminal.contains) ?? false) else { continue }
                stock.pieces.append(use)
            }
            return stock
        }
    }

    /// A piece as its non-undone stock events before `end` left it (nil before its receipt),
    /// its latest battery check that set the counter, and, when `flightsBefore` is given, the
    /// flights it flew dated before then (sequence number and minutes), in log order.
    static func replayed(_ db: Database, serial: String, battery: Bool, before end: Timestamp, flightsBefore: Timestamp?) throws
        -> (piece: Piece?, counterCheck: Int64?, flights: [(seq: Int64, minutes: Int)]) {
        let kinds = (stockMoveKinds + (flightsBefore == nil ? [] : [.flight])).map { "'\($0.rawValue)'" }.joined(separator: ",")
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: """
                SELECT \(EventRow.Columns.allCases.map { "e.\($0.rawValue)" }.joined(separator: ", ")),
                       f.minutes AS flown, f.occurred_at AS flown_at
                FROM mentions m CROSS JOIN events e ON e.seq = m.seq
                LEFT JOIN flights f ON e.kind = 'flight' AND f.event_id = e.id
                WHERE m.ref = ? AND e.kind IN (\(kinds)) AND e.occurred_at < ?
                  AND NOT EXISTS (SELECT 1 FROM undone u WHERE u.event_id = e.id)
                ORDER BY m.seq
                """), arguments: [Mention.piece(serial).key, end.storageText])
        var piece: Piece?, check: Int64?, flights: [(seq: Int64, minutes: Int)] = []
        let flightsBefore = flightsBefore?.storageText
        while let row = try rows.next() {
            let kind: String = row[EventRow.Columns.kind.rawValue]
            if let flightsBefore, kind == EventKind.flight.rawValue {
                // A flight's minutes from its row in `flights` (an undone one has none).
                guard let minutes: Int = row["flown"], let at: String = row["flown_at"], at < flightsBefore else { continue }
                let seq: Int64 = row[EventRow.Columns.seq.rawValue]
                flights.append((seq, minutes))
                continue
            }
            let e = try EventRow(row: row).event
            piece = PieceLifecycle.evolve(piece, serial: serial, battery: battery, e)
            if case let .batteryCheck(c) = e.body, e.subject == serial, c.cycles != nil { check = e.seq }
        }
        return (piece, check, flights)
    }
}
