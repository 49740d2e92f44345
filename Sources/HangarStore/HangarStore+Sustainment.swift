import Foundation
import GRDB
import HangarCore

/// A part's stock as the storekeeper reads it.
public struct StockLevel: Sendable, Equatable {
    public var part: Part
    /// Pieces in stock (serial-tracked) or the lots' on-hand (lot-tracked); quarantined pieces not counted.
    public var onHand: Int
    public var quarantined: Int
    /// Net use per week over the last `StockLevel.usageWeeks` weeks (installs minus removals back to stock).
    public var weeklyUse: Double
    /// On-hand over weekly use; nil when nothing was used.
    public var weeksOfCover: Double?
    /// At or below the reorder point.
    public var low: Bool

    public static let usageWeeks = 12
}

/// A component's page: the piece and every airframe it has been in.
public struct ComponentView: Sendable {
    public var piece: Piece
    public var part: Part?
    public var intervals: [Genealogy.Span]
    public var health: Double? { piece.health(ratedMah: part?.ratedMah) }
}

/// One row of `hangar recall`: an airframe that holds (or held) the piece or lot.
public struct RecallRow: Sendable, Equatable {
    public var serial: String
    public var state: AirframeState?
    public var unit: String?
    public var installedAt: Timestamp
    public var removedAt: Timestamp?
    public var qty: Int
}

extension HangarStore {
    public func parts() throws -> [Part] {
        try read { db in try Row.decodeAll(db, sql: "\(PartRow.selectAll) ORDER BY number") { try PartRow(row: $0).part } }
    }

    public func part(_ number: String) throws -> Part? { try read { try StoreReader(db: $0).part(number) } }

    /// The model's current BOM.
    public func bom(_ model: String) throws -> BOM? { try read { try StoreReader(db: $0).bom(model) } }

    public func piece(_ serial: String) throws -> Piece? { try read { try StoreReader(db: $0).piece(serial) } }

    /// The lots of a part, oldest receipt first.
    public func lots(of part: String) throws -> [Lot] {
        try read { db in
            try Row.decodeAll(db, sql: "\(LotRow.selectAll) WHERE part = ? ORDER BY received_at, lot", arguments: [part]) { try LotRow(row: $0).lot }
        }
    }

    /// Every part's stock, with reorder advice.
    public func stockLevels(now: Timestamp = Timestamp(Date())) throws -> [StockLevel] {
        try read { db in
            var pieceCounts: [String: (inStock: Int, quarantine: Int)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT part, status, count(*) AS n FROM pieces WHERE status IN ('in_stock', 'quarantine') GROUP BY part, status") {
                let part: String = row["part"], status: String = row["status"], n: Int = row["n"]
                if status == PieceStatus.inStock.rawValue { pieceCounts[part, default: (0, 0)].inStock = n } else { pieceCounts[part, default: (0, 0)].quarantine = n }
            }
            var lotCounts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT part, sum(on_hand) AS n FROM lots GROUP BY part") { lotCounts[row["part"]] = row["n"] }
            // Net use over the last weeks, from the install and remove events themselves.
            var used: [String: Int] = [:]
            let since = now.adding(days: -Int64(7 * StockLevel.usageWeeks)).storageText
            let events = try Row.fetchCursor(
                db, sql: "\(EventRow.selectAll) WHERE kind IN ('install', 'remove') AND occurred_at >= ? AND id NOT IN (SELECT event_id FROM undone)",
                arguments: [since])
            while let row = try events.next() {
                switch try Decode.event(row).body {
                case let .install(i): used[i.part, default: 0] += i.count
                case let .remove(r) where r.disposition == .stock: used[r.part, default: 0] -= r.count
                default: break
                }
            }
            return try Row.decodeAll(db, sql: "\(PartRow.selectAll) ORDER BY number") { row in
                let part = try PartRow(row: row).part
                let onHand = part.tracking == .serial ? pieceCounts[part.number]?.inStock ?? 0 : lotCounts[part.number] ?? 0
                let weekly = Double(used[part.number] ?? 0) / Double(StockLevel.usageWeeks)
                return StockLevel(
                    part: part, onHand: onHand, quarantined: pieceCounts[part.number]?.quarantine ?? 0, weeklyUse: weekly,
                    weeksOfCover: weekly > 0 ? Double(onHand) / weekly : nil, low: part.reorderAt.map { onHand <= $0 } ?? false)
            }
        }
    }

    /// A component's page.
    public func component(_ serial: String) throws -> ComponentView? {
        try read { db in
            let reader = StoreReader(db: db)
            guard let piece = try reader.piece(serial) else { return nil }
            let history = try reader.history(of: .piece(serial))
            return ComponentView(piece: piece, part: try reader.part(piece.part), intervals: Genealogy.intervals(of: serial, history))
        }
    }

    /// Which airframes carry (with `ever`, have carried) a component, or pieces of a lot:
    /// one row per unbroken span, lost and written-off airframes included (DESIGN §11, §14).
    public func recall(part number: String, lot: String?, component: String?, ever: Bool) throws -> [RecallRow] {
        try read { db in
            let reader = StoreReader(db: db)
            guard let part = try reader.part(number) else { throw HangarError.notFound(what: "part", name: number) }
            var changes: [Genealogy.Change] = []
            if let component {
                guard let piece = try reader.piece(component), piece.part == number else {
                    throw HangarError.notFound(what: "component of \(number)", name: component)
                }
                changes = Genealogy.changes(ofPiece: component, try reader.moves(of: .piece(component)))
            } else if let lot {
                guard try reader.lot(part: number, lot: lot) != nil else { throw HangarError.notFound(what: "lot of \(number)", name: lot) }
                if part.tracking == .lot {
                    changes = Genealogy.changes(ofLot: number, lot: lot, try reader.moves(of: .lot(part: number, lot: lot)))
                } else {
                    // A serial receipt's lot: the airframes holding any of its pieces.
                    let serials = try String.fetchAll(db, sql: "SELECT serial FROM pieces WHERE part = ? AND lot = ?", arguments: [number, lot])
                    for serial in serials { changes += Genealogy.changes(ofPiece: serial, try reader.moves(of: .piece(serial))) }
                }
            }
            var rows: [RecallRow] = []
            for span in Genealogy.spans(changes) where ever || span.removedAt == nil {
                let airframe = try reader.airframe(span.airframe)
                rows.append(RecallRow(serial: span.airframe, state: airframe?.state, unit: try Self.unitForRecall(db, serial: span.airframe),
                                      installedAt: span.installedAt, removedAt: span.removedAt, qty: span.qty))
            }
            return rows.sorted { ($0.serial, $0.installedAt) < ($1.serial, $1.installedAt) }
        }
    }
}
