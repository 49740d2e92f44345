import HangarTestSupport
import Testing
@testable import HangarCore

/// A bench with a catalogue: a motor with a 100-minute life (serial), propellers (lot), a
/// battery (3 cycles, 5000 mAh), and an FPV-7 BOM of 4 motors and 4 propellers.
struct PartsBench {
    var b = Bench()

    init(enforced: Bool = true) throws {
        try add(.partAdd(PartDefinition(name: "Motor", tracking: .serial, kind: .component, unitCost: 12_000, origin: "kz", lifeMinutes: 100)), "MOTOR")
        try add(.partAdd(PartDefinition(name: "Prop", tracking: .lot, kind: .consumable, unitCost: 300, origin: "CN", reorderAt: 20)), "PROP")
        try add(.partAdd(PartDefinition(name: "Battery", tracking: .serial, kind: .battery, lifeCycles: 3, ratedMah: 5000)), "BAT")
        try add(.bomSet(BOMSetting(lines: [BOMLine(part: "MOTOR", qty: 4), BOMLine(part: "PROP", qty: 4)], enforced: enforced)), "FPV-7")
    }

    @discardableResult
    mutating func add(_ body: EventBody, _ subject: String, by actor: String = "boss") throws -> Decision {
        b.clock = b.clock.adding(minutes: 1)
        let input = EventInput(id: b.nextID(), subject: subject, occurredAt: b.clock, actor: actor, body: body)
        return try b.state.record(input, now: b.clock)
    }

    mutating func receiveMotors(_ serials: [String], lot: String? = nil) throws {
        try add(.stockReceive(StockReceipt(qty: serials.count, lot: lot, serials: serials)), "MOTOR", by: "tech")
    }

    /// An airframe in assembly.
    mutating func register(_ serial: String) throws {
        try b.record(.register, serial, by: "tech", Bench.field { $0.model = "FPV-7" })
    }

    mutating func install(_ serial: String, _ part: String, component: String? = nil, lot: String? = nil, qty: Int? = nil, offBOM: String? = nil) throws {
        try add(.install(Installation(part: part, component: component, lot: lot, qty: qty, offBOM: offBOM)), serial, by: "tech")
    }

    mutating func remove(_ serial: String, _ part: String, component: String? = nil, lot: String? = nil, qty: Int? = nil, to d: Disposition = .stock) throws {
        try add(.remove(Removal(part: part, component: component, lot: lot, qty: qty, disposition: d, reason: "test")), serial, by: "tech")
    }

    /// An airframe built in full, through QC, and issued to a unit.
    mutating func build(_ serial: String, motors: [String], props lot: String = "P1") throws {
        try register(serial)
        for m in motors { try install(serial, "MOTOR", component: m) }
        try install(serial, "PROP", lot: lot, qty: 4)
        try b.record(.assembled, serial, by: "tech")
        try b.record(.qc, serial, by: "insp", Bench.qc())
        try issue(serial)
    }

    mutating func issue(_ serial: String) throws {
        try b.record(.issue, serial, by: "cmdr", Bench.field { $0.unit = "1st Company" })
    }

    mutating func fly(_ serial: String, _ minutes: Int, batteries: [String]? = nil) throws {
        try add(.flight(Flight(minutes: minutes, purpose: .operational, batteries: batteries)), serial, by: "tech")
    }

    func refusal(_ body: () throws -> Void) -> Rule? {
        do { try body() } catch let HangarError.rejected(_, _, rule) { return rule } catch { return nil }
        return nil
    }
}

@Suite("Sustainment: catalogue, stock, install and remove (DESIGN §11)")
struct SustainmentRuleTests {
    @Test func catalogueRules() throws {
        var p = try PartsBench()
        #expect(p.b.state.parts["MOTOR"]?.origin == "KZ")
        #expect(p.refusal { try p.add(.partAdd(PartDefinition(name: "X", tracking: .lot, kind: .component, lifeMinutes: 5)), "X") }
                == .settingNotForPart(field: "life_minutes", tracking: .lot, kind: .component))
        #expect(p.refusal { try p.add(.partAdd(PartDefinition(name: "X", tracking: .serial, kind: .component, lifeCycles: 5)), "X") }
                == .settingNotForPart(field: "life_cycles", tracking: .serial, kind: .component))
        #expect(p.refusal { try p.add(.partUpdate(PartChange(tracking: .lot)), "MOTOR") } == .partFixed(field: "tracking", was: "serial"))
        #expect(p.refusal { try p.add(.partAdd(PartDefinition(name: "Again", tracking: .lot, kind: .consumable)), "PROP") } == .partExists("PROP"))
        // null clears: the origin goes back to unknown, the cost away.
        try p.add(.partUpdate(PartChange(unitCost: .clear, origin: .clear)), "PROP")
        #expect(p.b.state.parts["PROP"]?.origin == Origin.unknown)
        #expect(p.b.state.parts["PROP"]?.unitCost == nil)
        // A cost was recorded: the currency can no longer be set (the same one again is fine).
        #expect(p.refusal { try p.add(.workshopSet(WorkshopSetting(currency: "kzt")), "W") } == .currencyLocked(current: nil))
        // A BOM names known parts.
        #expect(throws: HangarError.notFound(what: "part", name: "NOPE")) {
            try p.add(.bomSet(BOMSetting(lines: [BOMLine(part: "NOPE", qty: 1)])), "FPV-7")
        }
        try p.add(.bomSet(BOMSetting(lines: [BOMLine(part: "MOTOR", qty: 2)])), "FPV-7")
        #expect(p.b.state.bom("FPV-7")?.version == 2)
        #expect(p.b.state.bom("FPV-7")?.enforced == false)
    }

    @Test func receiptsResolveOriginCostAndRefuseReusedSerials() throws {
        var p = try PartsBench()
        try p.receiveMotors(["M1", "m2"], lot: "l1")
        #expect(p.b.state.pieces["M2"]?.origin == "KZ")
        #expect(p.b.state.pieces["M2"]?.unitCost == 12_000)
        #expect(p.b.state.pieces["M2"]?.lot == "L1")
        #expect(p.refusal { try p.receiveMotors(["M3", "M1"]) } == .serialInUse(serial: "M1", by: "a piece of MOTOR"))
        #expect(p.refusal { try p.add(.stockReceive(StockReceipt(qty: 2, serials: ["M9"])), "MOTOR", by: "tech") }
                == .trackingMismatch(part: "MOTOR", tracking: .serial, needs: "a receipt of 2 gives exactly 2 serials, 1 given"))
        #expect(p.refusal { try p.add(.stockReceive(StockReceipt(qty: 5)), "PROP", by: "tech") }
                == .trackingMismatch(part: "PROP", tracking: .lot, needs: "a receipt needs a lot (--lot LOT)"))
        try p.add(.stockReceive(StockReceipt(qty: 10, lot: "P1", origin: "unknown", unitCost: 250)), "PROP", by: "tech")
        #expect(p.refusal { try p.add(.stockReceive(StockReceipt(qty: 1, lot: "p1")), "PROP", by: "tech") } == .lotExists(part: "PROP", lot: "P1"))
        #expect(p.b.state.lot(part: "PROP", lot: "P1")?.unitCost == 250)
        #expect(p.b.state.lot(part: "PROP", lot: "P1")?.origin == Origin.unknown)
        // Airframe and piece serials share one namespace.
        try p.register("AF-1")
        #expect(p.refusal { try p.receiveMotors(["AF-1"]) } == .serialInUse(serial: "AF-1", by: "an airframe of model FPV-7"))
        #expect(p.refusal { try p.register("M1") } == .serialInUse(serial: "M1", by: "a piece of MOTOR"))
        // The storekeeper role is needed (or a technician) to receive.
        #expect(throws: HangarError.roleRequired(event: "stock_receive", subject: "MOTOR", actor: "insp", needs: "storekeeper or technician")) {
            try p.add(.stockReceive(StockReceipt(qty: 1, serials: ["M7"])), "MOTOR", by: "insp")
        }
    }

    /// Hand-worked stock arithmetic: 10 received, 4 installed, 2 back to stock, 1 scrapped,
    /// 1 counted missing: 10 − 4 + 2 − 1 = 7 on hand, and the airframe holds 4 − 2 − 1 = 1.
    @Test func lotArithmetic() throws {
        var p = try PartsBench(enforced: false)
        try p.add(.stockReceive(StockReceipt(qty: 10, lot: "P1")), "PROP", by: "tech")
        try p.register("AF-1")
        try p.install("AF-1", "PROP", lot: "P1", qty: 4)
        #expect(p.b.state.lot(part: "PROP", lot: "P1")?.onHand == 6)
        try p.remove("AF-1", "PROP", lot: "P1", qty: 2, to: .stock)
        try p.remove("AF-1", "PROP", lot: "P1", qty: 1, to: .scrap)
        try p.add(.stockAdjust(StockAdjustment(lot: "P1", qtyDelta: -1, reason: "counted")), "PROP", by: "boss")
        #expect(p.b.state.lot(part: "PROP", lot: "P1")?.onHand == 7)
        #expect(p.b.state.holdings(in: "AF-1").map(\.qty) == [1])
        #expect(p.refusal { try p.add(.stockAdjust(StockAdjustment(lot: "P1", qtyDelta: -8, reason: "x")), "PROP", by: "boss") }
                == .lotShort(part: "PROP", lot: "P1", onHand: 7, wanted: 8))
        #expect(p.refusal { try p.install("AF-1", "PROP", lot: "P1", qty: 4) } == .aboveBOM(part: "PROP", model: "FPV-7", version: 1, total: 4, installed: 1))
        #expect(p.b.state.holdings(in: "AF-1").map(\.qty) == [1])
        #expect(p.refusal { try p.remove("AF-1", "PROP", lot: "P1", qty: 2) }
                == .notInstalledHere(what: "2 of PROP lot P1", airframe: "AF-1", whereabouts: "it holds 1"))
    }

    @Test func installRulesNameWhereAPieceIs() throws {
        var p = try PartsBench()
        try p.receiveMotors(["M1", "M2", "M3", "M4", "M5", "M6"])
        try p.add(.stockReceive(StockReceipt(qty: 20, lot: "P1")), "PROP", by: "tech")
        try p.register("AF-1")
        try p.register("AF-2")
        try p.install("AF-1", "MOTOR", component: "M1")
        #expect(p.refusal { try p.install("AF-2", "MOTOR", component: "M1") } == .pieceUnavailable(serial: "M1", whereabouts: "installed in airframe AF-1"))
        #expect(p.refusal { try p.install("AF-2", "MOTOR", component: "M99") }
                == .pieceUnavailable(serial: "M99", whereabouts: "unknown: no stock_receive names it (receive it first)"))
        #expect(p.refusal { try p.install("AF-2", "MOTOR", lot: "P1", qty: 1) } != nil)
        #expect(p.refusal { try p.install("AF-2", "BAT", component: "M2") } == .piecePartMismatch(serial: "M2", part: "MOTOR", given: "BAT"))
        // Not on the BOM without a reason; beyond the BOM's quantity without a reason.
        try p.add(.stockReceive(StockReceipt(qty: 1, serials: ["B1"])), "BAT", by: "tech")
        #expect(p.refusal { try p.install("AF-2", "BAT", component: "B1") } == .notOnBOM(part: "BAT", model: "FPV-7", version: 1))
        try p.install("AF-2", "BAT", component: "B1", offBOM: "field test")
        #expect(p.b.state.pieces["B1"]?.offBOM == true)
        for m in ["M2", "M3", "M4"] { try p.install("AF-1", "MOTOR", component: m) }
        #expect(p.refusal { try p.install("AF-1", "MOTOR", component: "M5") } == .aboveBOM(part: "MOTOR", model: "FPV-7", version: 1, total: 4, installed: 4))
        // Enforced BOM: assembled lists what is missing; then it passes and stores the version.
        let missing = p.refusal { try p.b.record(.assembled, "AF-1", by: "tech") }
        #expect(missing == .bomIncomplete(model: "FPV-7", version: 1, missing: [BOMShortfall(part: "PROP", needed: 4, installed: 0)]))
        try p.install("AF-1", "PROP", lot: "P1", qty: 4)
        let built = try p.b.record(.assembled, "AF-1", by: "tech")
        #expect(built.event.body == .assembled(Assembly(bomVersion: .some(1))))
        // Install is refused outside assembly, rework and maintenance.
        try p.b.record(.qc, "AF-1", by: "insp", Bench.qc())
        #expect(throws: HangarError.notAllowedFrom(event: "install", subject: "AF-1", state: "ready", allowed: ["assembly", "rework", "maintenance"])) {
            try p.install("AF-1", "MOTOR", component: "M6")
        }
    }

    /// A motor flies 30 minutes in AF-1, comes out, flies 20 in AF-2: two intervals, 50 minutes.
    @Test func componentLifeFollowsThePiece() throws {
        var p = try PartsBench(enforced: false)
        try p.receiveMotors(["M1", "M2"])
        try p.add(.stockReceive(StockReceipt(qty: 8, lot: "P1")), "PROP", by: "tech")
        try p.build("AF-1", motors: ["M1"])
        try p.fly("AF-1", 30)
        try p.b.record(.maintenanceOpen, "AF-1", by: "tech", Bench.field { $0.reason = "defect" })
        try p.remove("AF-1", "MOTOR", component: "M1")
        try p.build("AF-2", motors: ["M1", "M2"])
        try p.fly("AF-2", 20)
        let events = p.b.state.history(of: .piece("M1"))
        let spans = Genealogy.intervals(of: "M1", events)
        #expect(spans.map(\.airframe) == ["AF-1", "AF-2"])
        #expect(spans.map(\.minutes) == [30, 20])
        #expect(spans[0].removedAt != nil && spans[1].removedAt == nil)
        #expect(p.b.state.pieces["M1"]?.flightMinutes == 50)
        #expect(p.b.state.pieces["M2"]?.flightMinutes == 20)
        // Recall: now only AF-2 holds it; ever, both.
        let changes = Genealogy.changes(ofPiece: "M1", events)
        #expect(Genealogy.spans(changes).filter { $0.removedAt == nil }.map(\.airframe) == ["AF-2"])
        #expect(Genealogy.spans(changes).map(\.airframe) == ["AF-1", "AF-2"])
        // 100 minutes of life: 50 more make AF-2 due for the component, however recent its service.
        try p.fly("AF-2", 50)
        let af2 = p.b.state.airframes["AF-2"]!
        let reasons = ServiceRule.dueReasons(af2, model: p.b.state.models["FPV-7"], installed: p.b.state.installedPieces(in: "AF-2"),
                                             lifeMinutes: { p.b.state.parts[$0]?.lifeMinutes }, at: p.b.clock)
        #expect(reasons == ["component:M1"])
        // At its life a piece goes to scrap or quarantine, not back to stock.
        try p.b.record(.maintenanceOpen, "AF-2", by: "tech", Bench.field { $0.reason = "scheduled" })
        #expect(p.refusal { try p.remove("AF-2", "MOTOR", component: "M1", to: .stock) } == .lifeReached(serial: "M1", measure: "minutes", used: 100, limit: 100))
        try p.remove("AF-2", "MOTOR", component: "M1", to: .quarantine)
        #expect(p.b.state.pieces["M1"]?.status == .quarantine)
        #expect(p.refusal { try p.install("AF-2", "MOTOR", component: "M1") } == .pieceUnavailable(serial: "M1", whereabouts: "quarantined"))
    }

    @Test func batteriesCountCyclesHealthAndPlace() throws {
        var p = try PartsBench(enforced: false)
        try p.add(.stockReceive(StockReceipt(qty: 3, serials: ["B1", "B2", "B3"])), "BAT", by: "tech")
        try p.receiveMotors(["M1"])
        try p.add(.stockReceive(StockReceipt(qty: 8, lot: "P1")), "PROP", by: "tech")
        try p.build("AF-1", motors: ["M1"])
        try p.build("AF-2", motors: [])
        try p.fly("AF-1", 10, batteries: ["B1"])
        try p.fly("AF-1", 10, batteries: ["b1"])
        try p.fly("AF-1", 10, batteries: ["B1"])  // the flight that reaches the limit still flies
        #expect(p.b.state.pieces["B1"]?.cycles == 3)
        #expect(p.refusal { try p.fly("AF-1", 10, batteries: ["B1"]) } == .lifeReached(serial: "B1", measure: "cycles", used: 3, limit: 3))
        #expect(p.refusal { try p.fly("AF-1", 10, batteries: ["B2", "b2"]) } == .namedTwice(serial: "B2"))
        #expect(p.refusal { try p.fly("AF-1", 10, batteries: ["M9"]) } == .pieceUnavailable(serial: "M9", whereabouts: "unknown: no stock_receive names it (receive it first)"))
        // A check with its own counter resets the count; health below 80% refuses the pack.
        try p.add(.batteryCheck(BatteryCheck(capacityMah: 4500, cycles: 0)), "B1", by: "tech")
        try p.fly("AF-1", 10, batteries: ["B1"])
        #expect(p.b.state.pieces["B1"]?.cycles == 1)
        try p.add(.batteryCheck(BatteryCheck(capacityMah: 3999)), "B2", by: "tech")
        #expect(p.refusal { try p.fly("AF-1", 10, batteries: ["B2"]) } == .batteryWorn(serial: "B2", capacityMah: 3999, ratedMah: 5000))
        try p.add(.batteryCheck(BatteryCheck(capacityMah: 4000)), "B2", by: "tech")  // exactly 80%: flies
        try p.fly("AF-1", 10, batteries: ["B2"])
        // An installed battery flies implicitly; named too, it counts once; another airframe may not name it.
        try p.b.record(.maintenanceOpen, "AF-2", by: "tech", Bench.field { $0.reason = "scheduled" })
        try p.install("AF-2", "BAT", component: "B3", offBOM: "pack in the frame")
        try p.b.record(.maintenanceClose, "AF-2", by: "tech")
        try p.b.record(.qc, "AF-2", by: "insp", Bench.qc())
        try p.issue("AF-2")
        try p.fly("AF-2", 7, batteries: ["B3"])
        try p.fly("AF-2", 7)
        #expect(p.b.state.pieces["B3"]?.cycles == 2)
        #expect(p.b.state.pieces["B3"]?.flightMinutes == 14)
        #expect(p.refusal { try p.fly("AF-1", 7, batteries: ["B3"]) } == .pieceUnavailable(serial: "B3", whereabouts: "installed in airframe AF-2"))
        #expect(p.refusal { try p.add(.batteryCheck(BatteryCheck(capacityMah: 100)), "M1", by: "tech") } == .notABattery(serial: "M1", part: "MOTOR"))
    }

    @Test func undoGivesBackOrIsRefused() throws {
        var p = try PartsBench(enforced: false)
        try p.receiveMotors(["M1", "M2"])
        try p.add(.stockReceive(StockReceipt(qty: 6, lot: "P1")), "PROP", by: "tech")
        try p.add(.stockReceive(StockReceipt(qty: 1, serials: ["B1"])), "BAT", by: "tech")
        try p.register("AF-1")
        try p.install("AF-1", "MOTOR", component: "M1")
        // Undo of an install: the piece is back in stock, its interval gone.
        try p.b.record(.undo, "AF-1", by: "tech", Bench.field { $0.reason = "wrong motor" })
        #expect(p.b.state.pieces["M1"]?.status == .inStock)
        #expect(p.b.state.pieces["M1"]?.airframe == nil)
        #expect(Genealogy.intervals(of: "M1", p.b.state.history(of: .piece("M1"))).isEmpty)
        // A receipt whose pieces have later events cannot be undone; a lot that would go negative neither.
        try p.install("AF-1", "PROP", lot: "P1", qty: 4)
        try p.remove("AF-1", "PROP", lot: "P1", qty: 4)
        try p.register("AF-2")
        try p.install("AF-2", "PROP", lot: "P1", qty: 4)
        try p.add(.stockAdjust(StockAdjustment(lot: "P1", qtyDelta: -2, reason: "lost")), "PROP", by: "boss")
        // AF-1's latest is the removal back to stock: undoing it would take the lot below zero.
        #expect(p.b.state.lot(part: "PROP", lot: "P1")?.onHand == 0)
        let blocked = p.refusal { try p.b.record(.undo, "AF-1", by: "tech", Bench.field { $0.reason = "x" }) }
        guard case .undoBlocked = blocked else { Issue.record("expected undo_blocked, got \(String(describing: blocked))"); return }
        // The stock undo takes back the adjustment; then the removal can be undone.
        try p.add(.undo(Undo(reason: "miscount")), "PROP", by: "boss")
        #expect(p.b.state.lot(part: "PROP", lot: "P1")?.onHand == 2)
        #expect(p.refusal { try p.b.record(.undo, "AF-1", by: "tech", Bench.field { $0.reason = "x" }) } != nil)  // 2 on hand, 4 to take back
        // A flight's undo gives back its minutes and cycles.
        try p.add(.stockReceive(StockReceipt(qty: 1, serials: ["M3"])), "MOTOR", by: "tech")
        try p.install("AF-2", "MOTOR", component: "M2")
        try p.b.record(.assembled, "AF-2", by: "tech")
        try p.b.record(.qc, "AF-2", by: "insp", Bench.qc())
        try p.issue("AF-2")
        try p.fly("AF-2", 25, batteries: ["B1"])
        #expect(p.b.state.pieces["M2"]?.flightMinutes == 25)
        #expect(p.b.state.pieces["B1"]?.cycles == 1)
        try p.b.record(.undo, "AF-2", by: "tech", Bench.field { $0.reason = "logged twice" })
        #expect(p.b.state.pieces["M2"]?.flightMinutes == 0)
        #expect(p.b.state.pieces["B1"]?.cycles == 0)
        #expect(p.b.state.pieces["B1"]?.flightMinutes == 0)
        // A battery check is undone on the battery; a receipt with no later event is undone whole.
        try p.add(.batteryCheck(BatteryCheck(capacityMah: 4200)), "B1", by: "tech")
        try p.add(.undo(Undo(reason: "wrong pack")), "B1", by: "tech")
        #expect(p.b.state.pieces["B1"]?.capacityMah == nil)
        try p.add(.undo(Undo(reason: "not delivered")), "MOTOR", by: "tech")
        #expect(p.b.state.pieces["M3"] == nil)
        #expect(p.refusal { try p.add(.undo(Undo(reason: "again")), "MOTOR", by: "tech") } != nil)  // M1, M2 have later events
    }

    /// Every §11 event through the interchange line and back is the same typed event.
    @Test func newEventsRoundTripThroughTheLine() throws {
        var p = try PartsBench()
        try p.receiveMotors(["M1"], lot: "L1")
        try p.add(.partUpdate(PartChange(unitCost: .clear, reorderAt: .set(3))), "MOTOR")
        let bodies: [EventBody] = [
            .partUpdate(PartChange(unitCost: .clear, reorderAt: .set(3))),
            .stockReceive(StockReceipt(qty: 1, lot: "L1", serials: ["M1"], origin: "KZ", unitCost: 5)),
            .assembled(Assembly(bomVersion: .some(nil))), .assembled(Assembly(bomVersion: .some(2))),
            .install(Installation(part: "PROP", lot: "P1", qty: 4, offBOM: "spare")),
            .remove(Removal(part: "MOTOR", component: "M1", disposition: .quarantine, reason: "noise")),
            .flight(Flight(minutes: 5, purpose: .operational, batteries: ["B1"])),
            .batteryCheck(BatteryCheck(capacityMah: 4000, cycles: 7)),
            .modelUpdate(ModelChange(exwPrice: .clear)),
        ]
        for body in bodies {
            let json = try EventLine.canonicalJSON(body, note: nil)
            let back = try EventLine.decodeData(json, kind: body.kind, forMetrics: false)
            #expect(back.body == body, "\(String(decoding: json, as: UTF8.self))")
        }
    }
}
