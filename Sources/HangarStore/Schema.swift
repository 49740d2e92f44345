import GRDB
import HangarCore

/// The database schema, changed only through numbered migrations. Every table is plain
/// and documented in the README so an analyst can read the file with `sqlite3`.
enum Schema {
    /// The events table's kind check and staff_roles' role check list what existed when the
    /// file was made; a file from before this version is rebuilt to allow every kind and role.
    static func allowEveryKindAndRole(_ db: Database) throws {
        let eventsSQL = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'") ?? ""
        if !EventKind.allCases.allSatisfy({ eventsSQL.contains("'\($0.rawValue)'") }) {
            let kinds = EventKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
            try db.execute(sql: """
                CREATE TABLE events_rebuilt (
                    seq         INTEGER PRIMARY KEY,
                    id          TEXT NOT NULL UNIQUE,
                    subject     TEXT NOT NULL,
                    kind        TEXT NOT NULL CHECK (kind IN (\(kinds))),
                    from_state  TEXT,
                    to_state    TEXT,
                    occurred_at TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    actor       TEXT NOT NULL,
                    data        TEXT NOT NULL CHECK (json_valid(data)),
                    hash        TEXT NOT NULL
                );
                INSERT INTO events_rebuilt SELECT seq, id, subject, kind, from_state, to_state, occurred_at, recorded_at, actor, data, hash FROM events;
                DROP TABLE events;
                ALTER TABLE events_rebuilt RENAME TO events;
                CREATE INDEX events_by_subject ON events(subject, seq);
                CREATE INDEX events_by_kind_time ON events(kind, occurred_at);
                CREATE TRIGGER events_are_never_updated BEFORE UPDATE ON events
                    BEGIN SELECT RAISE(ABORT, 'events are never changed: record an undo instead'); END;
                CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
                    BEGIN SELECT RAISE(ABORT, 'events are never deleted: record an undo instead'); END;
                """)
        }
        let rolesSQL = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'staff_roles'") ?? ""
        if !Role.allCases.allSatisfy({ rolesSQL.contains("'\($0.rawValue)'") }) {
            let roles = Role.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            try db.execute(sql: """
                CREATE TABLE staff_roles_rebuilt (
                    staff_id TEXT NOT NULL REFERENCES staff(id),
                    role     TEXT NOT NULL CHECK (role IN (\(roles))),
                    PRIMARY KEY (staff_id, role)
                ) WITHOUT ROWID;
                INSERT INTO staff_roles_rebuilt SELECT staff_id, role FROM staff_roles;
                DROP TABLE staff_roles;
                ALTER TABLE staff_roles_rebuilt RENAME TO staff_roles;
                CREATE INDEX staff_roles_by_role ON staff_roles(role);
                """)
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: event log and projections") { db in
            let airframeStates = AirframeState.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
            let operatorStates = OperatorState.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
            let kinds = EventKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
            try db.execute(sql: """
                -- The event log: the source of truth. Rows are only ever appended.
                CREATE TABLE events (
                    seq         INTEGER PRIMARY KEY,             -- local sequence number, from 1
                    id          TEXT NOT NULL UNIQUE,            -- UUID, unique across workshops
                    subject     TEXT NOT NULL,                   -- serial, operator id, staff id, unit, model or workshop name
                    kind        TEXT NOT NULL CHECK (kind IN (\(kinds))),
                    from_state  TEXT,
                    to_state    TEXT,
                    occurred_at TEXT NOT NULL,                   -- ISO-8601 UTC, fixed width
                    recorded_at TEXT NOT NULL,
                    actor       TEXT NOT NULL,                   -- staff id
                    data        TEXT NOT NULL CHECK (json_valid(data)),
                    hash        TEXT NOT NULL                    -- SHA-256(previous hash, this event's content)
                );
                CREATE INDEX events_by_subject ON events(subject, seq);
                CREATE INDEX events_by_kind_time ON events(kind, occurred_at);
                CREATE TRIGGER events_are_never_updated BEFORE UPDATE ON events
                    BEGIN SELECT RAISE(ABORT, 'events are never changed: record an undo instead'); END;
                CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
                    BEGIN SELECT RAISE(ABORT, 'events are never deleted: record an undo instead'); END;

                -- Projections, written in the same transaction as each event.
                CREATE TABLE workshop (
                    id                INTEGER PRIMARY KEY CHECK (id = 1),
                    name              TEXT,
                    capacity_per_year INTEGER CHECK (capacity_per_year > 0)
                );
                CREATE TABLE staff (
                    id    TEXT PRIMARY KEY,
                    name  TEXT NOT NULL,
                    roles TEXT NOT NULL                          -- comma-separated: technician,inspector,...
                );
                CREATE TABLE units (name TEXT PRIMARY KEY);
                CREATE TABLE models (
                    name              TEXT PRIMARY KEY,
                    service_minutes   INTEGER CHECK (service_minutes > 0),
                    service_days      INTEGER CHECK (service_days > 0),
                    checklist_version INTEGER NOT NULL CHECK (checklist_version >= 1)
                );
                CREATE TABLE checklist_items (
                    model    TEXT NOT NULL REFERENCES models(name),
                    version  INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    key      TEXT NOT NULL,
                    kind     TEXT NOT NULL CHECK (kind IN ('check', 'measure')),
                    unit     TEXT,
                    min      REAL,
                    max      REAL,
                    PRIMARY KEY (model, version, position),
                    UNIQUE (model, version, key)
                );
                CREATE TABLE airframes (
                    serial                TEXT PRIMARY KEY,
                    model                 TEXT NOT NULL REFERENCES models(name),
                    batch                 TEXT,
                    state                 TEXT NOT NULL CHECK (state IN (\(airframeStates))),
                    unit                  TEXT REFERENCES units(name),
                    flight_minutes        INTEGER NOT NULL CHECK (flight_minutes >= 0),
                    minutes_since_service INTEGER NOT NULL CHECK (minutes_since_service >= 0),
                    service_baseline_at   TEXT,
                    qc_attempts           INTEGER NOT NULL CHECK (qc_attempts >= 0),
                    first_pass_at         TEXT,
                    awaiting_qc_by        TEXT,
                    registered_at         TEXT NOT NULL,
                    state_since           TEXT NOT NULL,
                    last_event_at         TEXT NOT NULL
                );
                CREATE INDEX airframes_by_state ON airframes(state);
                CREATE INDEX airframes_by_model ON airframes(model);
                CREATE INDEX airframes_by_unit ON airframes(unit);
                CREATE TABLE operators (
                    id            TEXT PRIMARY KEY,
                    name          TEXT NOT NULL,
                    unit          TEXT NOT NULL REFERENCES units(name),
                    state         TEXT NOT NULL CHECK (state IN (\(operatorStates))),
                    last_event_at TEXT NOT NULL
                );
                CREATE INDEX operators_by_unit ON operators(unit);
                CREATE TABLE flights (
                    event_id    TEXT PRIMARY KEY REFERENCES events(id),
                    serial      TEXT NOT NULL REFERENCES airframes(serial),
                    operator    TEXT REFERENCES operators(id),
                    minutes     INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
                    purpose     TEXT NOT NULL CHECK (purpose IN ('training', 'operational')),
                    occurred_at TEXT NOT NULL
                );
                CREATE INDEX flights_by_operator ON flights(operator, occurred_at);
                CREATE TABLE undone (
                    event_id TEXT PRIMARY KEY REFERENCES events(id),
                    undo_id  TEXT NOT NULL UNIQUE REFERENCES events(id)
                );
                """)
        }
        migrator.registerMigration("v2: sign-in") { db in
            try db.execute(sql: """
                -- Sign-in data. Not events: credentials never travel in an export.
                CREATE TABLE credentials (
                    staff_id      TEXT PRIMARY KEY REFERENCES staff(id),
                    password_hash TEXT NOT NULL,               -- bcrypt
                    set_at        TEXT NOT NULL
                );
                CREATE TABLE api_tokens (
                    token_hash TEXT PRIMARY KEY,               -- SHA-256 of the token, which is shown once
                    staff_id   TEXT NOT NULL REFERENCES staff(id),
                    created_at TEXT NOT NULL
                );
                CREATE TABLE sessions (
                    id_hash      TEXT PRIMARY KEY,             -- SHA-256 of the cookie's 128-bit id
                    staff_id     TEXT NOT NULL REFERENCES staff(id),
                    csrf_token   TEXT NOT NULL,
                    created_at   TEXT NOT NULL,
                    last_seen_at TEXT NOT NULL
                );
                CREATE TABLE login_failures (
                    key TEXT NOT NULL,                         -- 'account:ID' or 'address:IP'
                    at  TEXT NOT NULL
                );
                CREATE INDEX login_failures_by_key ON login_failures(key, at);
                """)
        }
        migrator.registerMigration("v3: report summaries") { db in
            try db.execute(sql: """
                -- Summaries for the throughput report, written with each event and taken back
                -- by its undo, so a report reads a few thousand rows instead of the log.
                -- Per UTC day (days since 1970-01-01): counts of events, flight minutes, and
                -- changes (+1/-1) of airframes per state, of the fleet, of qualified
                -- operators per unit. metric and key are listed in the README.
                CREATE TABLE day_counts (
                    day    INTEGER NOT NULL,
                    metric TEXT NOT NULL,
                    key    TEXT NOT NULL DEFAULT '',
                    n      INTEGER NOT NULL,
                    PRIMARY KEY (day, metric, key)
                ) WITHOUT ROWID;
                -- Each airframe's first QC pass (its delivery), with the build time.
                CREATE TABLE deliveries (
                    event_seq           INTEGER PRIMARY KEY REFERENCES events(seq),
                    serial              TEXT NOT NULL,
                    occurred_at         TEXT NOT NULL,
                    build_milliseconds  INTEGER NOT NULL
                );
                CREATE INDEX deliveries_by_time ON deliveries(occurred_at);
                -- QC passes that returned an airframe from maintenance, with the time since
                -- the maintenance_open.
                CREATE TABLE restorations (
                    event_seq              INTEGER PRIMARY KEY REFERENCES events(seq),
                    serial                 TEXT NOT NULL,
                    occurred_at            TEXT NOT NULL,
                    restore_milliseconds   INTEGER NOT NULL
                );
                CREATE INDEX restorations_by_time ON restorations(occurred_at);
                -- The events behind the compliance counts.
                CREATE TABLE compliance_events (
                    kind        TEXT NOT NULL CHECK (kind IN ('flights_while_due', 'flights_by_unqualified', 'hasty_qc')),
                    occurred_at TEXT NOT NULL,
                    event_seq   INTEGER NOT NULL REFERENCES events(seq),
                    event_id    TEXT NOT NULL,
                    -- A period's events are read in one range. (Columns in key order: SQLite
                    -- 3.40's integrity_check misreads a WITHOUT ROWID table declared otherwise.)
                    PRIMARY KEY (kind, occurred_at, event_seq)
                ) WITHOUT ROWID;
                CREATE UNIQUE INDEX compliance_events_by_seq ON compliance_events(event_seq, kind);
                -- Currency sums an operator's minutes over 90 days: from the index alone.
                DROP INDEX flights_by_operator;
                CREATE INDEX flights_by_operator ON flights(operator, occurred_at, minutes);
                """)
            try SummaryRebuild.run(db)
        }
        migrator.registerMigration("v4: staff roles in their own table") { db in
            try db.execute(sql: """
                -- One row per role a staff member holds (was a comma-separated column of staff).
                CREATE TABLE staff_roles (
                    staff_id TEXT NOT NULL REFERENCES staff(id),
                    role     TEXT NOT NULL CHECK (role IN ('technician', 'inspector', 'instructor', 'commander', 'admin')),
                    PRIMARY KEY (staff_id, role)
                ) WITHOUT ROWID;
                CREATE INDEX staff_roles_by_role ON staff_roles(role);
                """)
            for row in try Row.fetchAll(db, sql: "SELECT id, roles FROM staff") {
                let id: String = row[0], roles: String = row[1]
                for role in Set(roles.split(separator: ",").map(String.init)) {
                    try db.execute(sql: "INSERT INTO staff_roles (staff_id, role) VALUES (?, ?)", arguments: [id, role])
                }
            }
            try db.execute(sql: "ALTER TABLE staff DROP COLUMN roles")
        }
        migrator.registerMigration("v5: sustainment") { db in
            try Schema.allowEveryKindAndRole(db)
            let pieceStates = PieceStatus.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
            try db.execute(sql: """
                ALTER TABLE workshop ADD COLUMN country TEXT;                       -- ISO 3166-1 alpha-2
                ALTER TABLE workshop ADD COLUMN currency TEXT;                      -- ISO 4217
                ALTER TABLE workshop ADD COLUMN cost_recorded INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE models ADD COLUMN exw_price INTEGER CHECK (exw_price > 0);  -- minor units
                -- The catalogue: one row per part number, with its current settings.
                CREATE TABLE parts (
                    number              TEXT PRIMARY KEY,        -- exact case
                    name                TEXT NOT NULL,
                    tracking            TEXT NOT NULL CHECK (tracking IN ('serial', 'lot')),
                    kind                TEXT NOT NULL CHECK (kind IN ('component', 'battery', 'consumable')),
                    unit_cost           INTEGER CHECK (unit_cost >= 0),
                    origin              TEXT NOT NULL,           -- ISO alpha-2 or 'unknown'
                    reorder_at          INTEGER CHECK (reorder_at >= 0),
                    life_minutes        INTEGER CHECK (life_minutes > 0),
                    life_cycles         INTEGER CHECK (life_cycles > 0),
                    rated_mah           INTEGER CHECK (rated_mah > 0),
                    last_stock_event_at TEXT
                );
                -- Every version of every model's bill of materials.
                CREATE TABLE boms (
                    model    TEXT NOT NULL REFERENCES models(name),
                    version  INTEGER NOT NULL CHECK (version >= 1),
                    enforced INTEGER NOT NULL,
                    PRIMARY KEY (model, version)
                );
                CREATE TABLE bom_lines (
                    model    TEXT NOT NULL,
                    version  INTEGER NOT NULL,
                    line     INTEGER NOT NULL,
                    part     TEXT NOT NULL REFERENCES parts(number),
                    qty      INTEGER NOT NULL CHECK (qty >= 1),
                    position TEXT,
                    PRIMARY KEY (model, version, line),
                    FOREIGN KEY (model, version) REFERENCES boms(model, version)
                );
                -- Serial-tracked pieces (components, batteries): where each is, how long it flew.
                CREATE TABLE pieces (
                    serial         TEXT PRIMARY KEY,
                    part           TEXT NOT NULL REFERENCES parts(number),
                    battery        INTEGER NOT NULL,
                    status         TEXT NOT NULL CHECK (status IN (\(pieceStates))),
                    airframe       TEXT REFERENCES airframes(serial),
                    off_bom        INTEGER NOT NULL,
                    position       TEXT,
                    lot            TEXT,
                    origin         TEXT NOT NULL,
                    unit_cost      INTEGER,
                    receipt_id     TEXT NOT NULL REFERENCES events(id),
                    received_at    TEXT NOT NULL,
                    flight_minutes INTEGER NOT NULL CHECK (flight_minutes >= 0),
                    cycles         INTEGER NOT NULL CHECK (cycles >= 0),
                    capacity_mah   INTEGER,
                    last_event_at  TEXT NOT NULL,
                    CHECK ((status = 'installed') = (airframe IS NOT NULL))
                );
                CREATE INDEX pieces_by_airframe ON pieces(airframe) WHERE airframe IS NOT NULL;
                CREATE INDEX pieces_by_lot ON pieces(part, lot) WHERE lot IS NOT NULL;
                -- Receipt lots; on_hand counts lot-tracked parts (0 for a serial receipt's lot).
                CREATE TABLE lots (
                    part          TEXT NOT NULL REFERENCES parts(number),
                    lot           TEXT NOT NULL,
                    origin        TEXT NOT NULL,
                    unit_cost     INTEGER,
                    receipt_id    TEXT NOT NULL REFERENCES events(id),
                    received_at   TEXT NOT NULL,
                    on_hand       INTEGER NOT NULL CHECK (on_hand >= 0),
                    last_event_at TEXT NOT NULL,
                    PRIMARY KEY (part, lot)
                );
                -- Lot quantities installed in airframes (rows with qty 0 are removed).
                CREATE TABLE lot_holdings (
                    airframe    TEXT NOT NULL REFERENCES airframes(serial),
                    part        TEXT NOT NULL,
                    lot         TEXT NOT NULL,
                    qty         INTEGER NOT NULL CHECK (qty > 0),
                    off_bom_qty INTEGER NOT NULL CHECK (off_bom_qty BETWEEN 0 AND qty),
                    PRIMARY KEY (airframe, part, lot),
                    FOREIGN KEY (part, lot) REFERENCES lots(part, lot)
                ) WITHOUT ROWID;
                -- The pieces, lots and parts each event names besides its subject ('c SERIAL',
                -- 'l PART LOT', 'p PART'): a piece's or lot's history is read back through it.
                CREATE TABLE mentions (
                    ref TEXT NOT NULL,
                    seq INTEGER NOT NULL REFERENCES events(seq),
                    PRIMARY KEY (ref, seq)
                ) WITHOUT ROWID;
                CREATE INDEX mentions_by_seq ON mentions(seq);
                """)
            // The summaries gain a count (flights naming no operator): rebuilt from the log.
            try db.execute(sql: "DELETE FROM day_counts; DELETE FROM deliveries; DELETE FROM restorations; DELETE FROM compliance_events")
            try SummaryRebuild.run(db)
        }
        migrator.registerMigration("v6: languages and local time") { db in
            try db.execute(sql: """
                ALTER TABLE workshop ADD COLUMN timezone TEXT;                      -- IANA zone name
                ALTER TABLE staff ADD COLUMN lang TEXT CHECK (lang IN ('en', 'ru', 'kk'));
                ALTER TABLE models ADD COLUMN defect_codes TEXT;                    -- JSON array, or NULL: any code
                ALTER TABLE checklist_items ADD COLUMN description TEXT;
                """)
        }
        migrator.registerMigration("v7: the workshop's code at headquarters") { db in
            try db.execute(sql: "ALTER TABLE workshop ADD COLUMN code TEXT")  // set once (DESIGN §12)
        }
        migrator.registerMigration("v8: supply summaries") { db in
            try db.execute(sql: """
                -- Summaries for the report's supply group (DESIGN §11), kept like those of v3.
                -- Each stay of an airframe in maintenance or awaiting parts (NMCM, NMCS time):
                -- opened by the event that moved it in, closed by the one that moved it out
                -- (close_seq NULL while it is still there); times in milliseconds since 1970.
                CREATE TABLE downtime (
                    open_seq    INTEGER PRIMARY KEY REFERENCES events(seq),
                    serial      TEXT NOT NULL,
                    state       TEXT NOT NULL CHECK (state IN ('maintenance', 'awaiting_parts')),
                    since_ms    INTEGER NOT NULL,
                    part        TEXT,                        -- awaiting_parts: the part awaited
                    catalogued  INTEGER NOT NULL CHECK (catalogued IN (0, 1)),
                    close_seq   INTEGER REFERENCES events(seq),
                    until_ms    INTEGER,
                    CHECK ((close_seq IS NULL) = (until_ms IS NULL))
                );
                CREATE INDEX downtime_by_close ON downtime(close_seq) WHERE close_seq IS NOT NULL;
                CREATE INDEX downtime_open ON downtime(serial) WHERE close_seq IS NULL;
                -- A delivery's model's ex-works price at the first pass, and the items the
                -- airframe carried then (local content), summed by origin and unit cost.
                ALTER TABLE deliveries ADD COLUMN exw_price INTEGER;
                CREATE TABLE delivery_items (
                    event_seq   INTEGER NOT NULL,            -- deliveries.event_seq
                    origin      TEXT NOT NULL,
                    unit_cost   INTEGER,
                    count       INTEGER NOT NULL CHECK (count > 0)
                );
                CREATE INDEX delivery_items_by_seq ON delivery_items(event_seq);
                DELETE FROM day_counts; DELETE FROM deliveries; DELETE FROM restorations; DELETE FROM compliance_events;
                """)
            try SummaryRebuild.run(db)
        }
        migrator.registerMigration("v9: the airframe behind each compliance event") { db in
            // The report counts these events by airframe: read from the row, not looked up in
            // the log one event at a time (a national workshop's file has 80,000 of them).
            try db.execute(sql: """
                ALTER TABLE compliance_events ADD COLUMN serial TEXT NOT NULL DEFAULT '';
                UPDATE compliance_events SET serial = (SELECT subject FROM events WHERE seq = compliance_events.event_seq);
                """)
        }
        migrator.registerMigration("v10: airframes counted by unit and state from the index") { db in
            // The report counts each unit's airframes, and the available ones, by state: the
            // index answers it alone, without reading the table.
            try db.execute(sql: """
                DROP INDEX airframes_by_unit;
                CREATE INDEX airframes_by_unit ON airframes(unit, state);
                """)
        }
        migrator.registerMigration("v11: the report's passes read from covering indexes") { db in
            // The due-for-service list reads, of each airframe still in the fleet, its serial,
            // model and service figures, in serial order: a partial index of just those (the
            // table's rows are several times wider, and were sorted afterwards). The
            // period's deliveries and restorations are read by time with their figures:
            // from the index alone, not a table lookup per row.
            try db.execute(sql: """
                DROP INDEX IF EXISTS airframes_for_service;
                CREATE INDEX airframes_for_service ON airframes(serial, model, minutes_since_service, service_baseline_at)
                    WHERE state NOT IN ('lost', 'written_off') AND service_baseline_at IS NOT NULL;
                DROP INDEX IF EXISTS deliveries_by_time;
                CREATE INDEX deliveries_by_time ON deliveries(occurred_at, build_milliseconds, exw_price);
                DROP INDEX IF EXISTS restorations_by_time;
                CREATE INDEX restorations_by_time ON restorations(occurred_at, restore_milliseconds);
                """)
        }
        migrator.registerMigration("v12: the report's stock lists read from indexes") { db in
            // The snapshot's stock lists count each part's pieces in stock, and list the
            // batteries and the components at 90% of their life: three small indexes answer
            // them without reading every piece of a national fleet (millions of rows). The
            // period's delivered items are read in one range of a covering index, in
            // sequence order, instead of a table lookup per item.
            try db.execute(sql: """
                CREATE INDEX IF NOT EXISTS pieces_in_stock ON pieces(part) WHERE status = 'in_stock';
                CREATE INDEX IF NOT EXISTS pieces_batteries ON pieces(part) WHERE battery;
                CREATE INDEX IF NOT EXISTS pieces_by_life ON pieces(part, flight_minutes) WHERE NOT battery;
                DROP INDEX IF EXISTS delivery_items_by_seq;
                CREATE INDEX delivery_items_by_seq ON delivery_items(event_seq, origin, unit_cost, count);
                """)
        }
        return migrator
    }
}
