import GRDB
import HangarCore

/// A row of `parts`: a catalogue entry.
struct PartRow: ColumnTable {
    static let databaseTableName = "parts"
    enum Columns: String, CaseIterable, ColumnExpression {
        case number, name, tracking, kind, unitCost = "unit_cost", origin, reorderAt = "reorder_at"
        case lifeMinutes = "life_minutes", lifeCycles = "life_cycles", ratedMah = "rated_mah", lastStockEventAt = "last_stock_event_at"
    }

    var part: Part

    init(row: Row) throws {
        let number: String = try row.decode(forColumn: Columns.number)
        part = Part(
            number: number, name: try row.decode(forColumn: Columns.name),
            tracking: try Read.value(PartTracking.self, try row.decode(forColumn: Columns.tracking), "parts", number, "tracking"),
            kind: try Read.value(PartKind.self, try row.decode(forColumn: Columns.kind), "parts", number, "kind"),
            unitCost: try row.decode(forColumn: Columns.unitCost), origin: try row.decode(forColumn: Columns.origin),
            reorderAt: try row.decode(forColumn: Columns.reorderAt), lifeMinutes: try row.decode(forColumn: Columns.lifeMinutes),
            lifeCycles: try row.decode(forColumn: Columns.lifeCycles), ratedMah: try row.decode(forColumn: Columns.ratedMah),
            lastStockEventAt: try Read.time(try row.decode(String?.self, forColumn: Columns.lastStockEventAt), "parts", number, "last_stock_event_at"))
    }

    static func arguments(_ p: Part) -> StatementArguments {
        [p.number, p.name, p.tracking.rawValue, p.kind.rawValue, p.unitCost, p.origin, p.reorderAt, p.lifeMinutes,
         p.lifeCycles, p.ratedMah, p.lastStockEventAt?.storageText]
    }

    static let upsert = """
        INSERT INTO parts (\(columnList)) VALUES (\(placeholders))
        ON CONFLICT(number) DO UPDATE SET \(Columns.allCases.dropFirst().map { "\($0.rawValue) = excluded.\($0.rawValue)" }.joined(separator: ", "))
        """
}

/// A row of `pieces`: one serial-tracked piece.
struct PieceRow: ColumnTable {
    static let databaseTableName = "pieces"
    enum Columns: String, CaseIterable, ColumnExpression {
        case serial, part, battery, status, airframe, offBOM = "off_bom", position, lot, origin, unitCost = "unit_cost"
        case receiptID = "receipt_id", receivedAt = "received_at", flightMinutes = "flight_minutes", cycles
        case capacityMah = "capacity_mah", lastEventAt = "last_event_at"
    }

    var piece: Piece

    init(row: Row) throws {
        let serial: String = try row.decode(forColumn: Columns.serial)
        func time(_ c: Columns) throws -> Timestamp { try Read.time(try row.decode(String.self, forColumn: c), "pieces", serial, c.rawValue) }
        piece = Piece(
            serial: serial, part: try row.decode(forColumn: Columns.part), battery: try row.decode(forColumn: Columns.battery),
            status: try Read.value(PieceStatus.self, try row.decode(forColumn: Columns.status), "pieces", serial, "status"),
            airframe: try row.decode(forColumn: Columns.airframe), offBOM: try row.decode(forColumn: Columns.offBOM),
            position: try row.decode(forColumn: Columns.position), lot: try row.decode(forColumn: Columns.lot),
            origin: try row.decode(forColumn: Columns.origin), unitCost: try row.decode(forColumn: Columns.unitCost),
            receiptID: try row.decode(forColumn: Columns.receiptID), receivedAt: try time(.receivedAt),
            flightMinutes: try row.decode(forColumn: Columns.flightMinutes), cycles: try row.decode(forColumn: Columns.cycles),
            capacityMah: try row.decode(forColumn: Columns.capacityMah), lastEventAt: try time(.lastEventAt))
    }

    static func arguments(_ p: Piece) -> StatementArguments {
        [p.serial, p.part, p.battery, p.status.rawValue, p.airframe, p.offBOM, p.position, p.lot, p.origin, p.unitCost,
         p.receiptID, p.receivedAt.storageText, p.flightMinutes, p.cycles, p.capacityMah, p.lastEventAt.storageText]
    }

    /// What a flight changes of a piece (minutes, cycles, its last event), written alone when
    /// every other column is as given: an UPDATE that names only these leaves the indexes on
    /// the other columns untouched (SQLite rewrites an index entry whenever the SET names one
    /// of its columns, even to the same value). It changes no row when any other column
    /// differs or the piece is new; `write` then writes the whole row.
    static let wear = """
        UPDATE pieces SET flight_minutes = ?, cycles = ?, last_event_at = ?
        WHERE serial = ? AND part = ? AND battery = ? AND status = ? AND airframe IS ? AND off_bom = ? AND position IS ?
          AND lot IS ? AND origin = ? AND unit_cost IS ? AND receipt_id = ? AND received_at = ? AND capacity_mah IS ?
        """

    /// The same, for a row known to hold every other column as given (`wornOnly`).
    static let wearBySerial = "UPDATE pieces SET flight_minutes = ?, cycles = ?, last_event_at = ? WHERE serial = ?"

    /// Whether `p` differs from `was` in its wear only (minutes, cycles, last event), column by
    /// column as stored (times by their stored text).
    static func wornOnly(_ p: Piece, was: Piece) -> Bool {
        p.serial == was.serial && p.part == was.part && p.battery == was.battery && p.status == was.status && p.airframe == was.airframe
            && p.offBOM == was.offBOM && p.position == was.position && p.lot == was.lot && p.origin == was.origin
            && p.unitCost == was.unitCost && p.receiptID == was.receiptID && p.capacityMah == was.capacityMah
            && p.receivedAt.storageText == was.receivedAt.storageText
    }

    /// Writes the piece's row: only its wear when nothing else changed, else the whole row.
    /// `was`: the row as it stands, when the writer knows it; otherwise the wear UPDATE
    /// itself checks every other column.
    static func write(_ p: Piece, was: Piece? = nil, _ db: Database) throws {
        if let was {
            if wornOnly(p, was: was) {
                try db.cachedStatement(sql: wearBySerial).execute(arguments: [p.flightMinutes, p.cycles, p.lastEventAt.storageText, p.serial])
                if db.changesCount == 1 { return }
            }
            try db.cachedStatement(sql: upsert).execute(arguments: arguments(p))
            return
        }
        try db.cachedStatement(sql: wear).execute(arguments: [
            p.flightMinutes, p.cycles, p.lastEventAt.storageText, p.serial, p.part, p.battery, p.status.rawValue, p.airframe,
            p.offBOM, p.position, p.lot, p.origin, p.unitCost, p.receiptID, p.receivedAt.storageText, p.capacityMah,
        ])
        if db.changesCount == 0 { try db.cachedStatement(sql: upsert).execute(arguments: arguments(p)) }
    }

    /// Writes a piece's whole row into `pieces`, or into a table of the same columns (`verify`'s replay).
    static func upsertSQL(into table: String) -> String {
        """
        INSERT INTO \(table) (\(columnList)) VALUES (\(placeholders))
        ON CONFLICT(serial) DO UPDATE SET \(Columns.allCases.dropFirst().map { "\($0.rawValue) = excluded.\($0.rawValue)" }.joined(separator: ", "))
        """
    }

    static func deleteSQL(from table: String) -> String { "DELETE FROM \(table) WHERE serial = ?" }
    static let upsert = upsertSQL(into: databaseTableName), delete = deleteSQL(from: databaseTableName)
}

/// A row of `lots`: one receipt lot of a part.
struct LotRow: ColumnTable {
    static let databaseTableName = "lots"
    enum Columns: String, CaseIterable, ColumnExpression {
        case part, lot, origin, unitCost = "unit_cost", receiptID = "receipt_id", receivedAt = "received_at"
        case onHand = "on_hand", lastEventAt = "last_event_at"
    }

    var lot: Lot

    init(row: Row) throws {
        let part: String = try row.decode(forColumn: Columns.part), id: String = try row.decode(forColumn: Columns.lot)
        func time(_ c: Columns) throws -> Timestamp { try Read.time(try row.decode(String.self, forColumn: c), "lots", "\(part) \(id)", c.rawValue) }
        lot = Lot(part: part, lot: id, origin: try row.decode(forColumn: Columns.origin), unitCost: try row.decode(forColumn: Columns.unitCost),
                  receiptID: try row.decode(forColumn: Columns.receiptID), receivedAt: try time(.receivedAt),
                  onHand: try row.decode(forColumn: Columns.onHand), lastEventAt: try time(.lastEventAt))
    }

    static func arguments(_ l: Lot) -> StatementArguments {
        [l.part, l.lot, l.origin, l.unitCost, l.receiptID, l.receivedAt.storageText, l.onHand, l.lastEventAt.storageText]
    }

    /// Writes a lot's whole row into `lots`, or into a table of the same columns (`verify`'s replay).
    static func upsertSQL(into table: String) -> String {
        """
        INSERT INTO \(table) (\(columnList)) VALUES (\(placeholders))
        ON CONFLICT(part, lot) DO UPDATE SET \(Columns.allCases.dropFirst(2).map { "\($0.rawValue) = excluded.\($0.rawValue)" }.joined(separator: ", "))
        """
    }

    static func deleteSQL(from table: String) -> String { "DELETE FROM \(table) WHERE part = ? AND lot = ?" }
    static let upsert = upsertSQL(into: databaseTableName), delete = deleteSQL(from: databaseTableName)
}

/// A row of `lot_holdings`: how much of a lot an airframe holds.
struct HoldingRow: ColumnTable {
    static let databaseTableName = "lot_holdings"
    enum Columns: String, CaseIterable, ColumnExpression { case airframe, part, lot, qty, offBOMQty = "off_bom_qty" }

    var holding: LotHolding

    init(row: Row) throws {
        holding = LotHolding(airframe: try row.decode(forColumn: Columns.airframe), part: try row.decode(forColumn: Columns.part),
                             lot: try row.decode(forColumn: Columns.lot), qty: try row.decode(forColumn: Columns.qty),
                             offBOMQty: try row.decode(forColumn: Columns.offBOMQty))
    }

    static func upsertSQL(into table: String) -> String {
        """
        INSERT INTO \(table) (\(columnList)) VALUES (\(placeholders))
        ON CONFLICT(airframe, part, lot) DO UPDATE SET qty = excluded.qty, off_bom_qty = excluded.off_bom_qty
        """
    }

    static func deleteSQL(from table: String) -> String { "DELETE FROM \(table) WHERE airframe = ? AND part = ? AND lot = ?" }
    static let upsert = upsertSQL(into: databaseTableName), delete = deleteSQL(from: databaseTableName)

    /// How much of a lot an airframe holds, written with `upsert` and `delete` (those of
    /// `lot_holdings`, or of a table of the same columns: `verify`'s replay): none (qty 0)
    /// removes the row.
    static func write(_ h: LotHolding, upsert: String = HoldingRow.upsert, delete: String = HoldingRow.delete, _ db: Database) throws {
        if h.qty > 0 {
            try db.cachedStatement(sql: upsert).execute(arguments: [h.airframe, h.part, h.lot, h.qty, h.offBOMQty])
        } else {
            try db.cachedStatement(sql: delete).execute(arguments: [h.airframe, h.part, h.lot])
        }
    }
}

/// A row of `bom_lines` (one line of one BOM version).
struct BOMLineRow: ColumnTable {
    static let databaseTableName = "bom_lines"
    enum Columns: String, CaseIterable, ColumnExpression { case model, version, line, part, qty, position }

    var line: BOMLine

    init(row: Row) throws {
        line = BOMLine(part: try row.decode(forColumn: Columns.part), qty: try row.decode(forColumn: Columns.qty),
                       position: try row.decode(forColumn: Columns.position))
    }
}
