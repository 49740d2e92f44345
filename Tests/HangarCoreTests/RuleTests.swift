import HangarTestSupport
import Testing
@testable import HangarCore

@Suite("QC outcome is computed from the checklist")
struct QCRuleTests {
    let checklist: [ChecklistItem] = [.check("motors"), .measure("hover_current_a", unit: "A", min: 8, max: 14), .measure("range_km", min: 2)]

    func judge(motors: CheckResult = .pass, current: Double, range: Double = 5) throws -> QCOutcome {
        try QCJudgement.judge(checklist: checklist, checks: ["motors": motors], measures: ["hover_current_a": current, "range_km": range]).outcome
    }

    @Test func boundsAreIncluded() throws {
        #expect(try judge(current: 8) == .pass)
        #expect(try judge(current: 14) == .pass)
        #expect(try judge(current: 11.2) == .pass)
        #expect(try judge(current: 7.99) == .fail)
        #expect(try judge(current: 14.01) == .fail)
    }

    @Test func openBoundAndFailedCheck() throws {
        #expect(try judge(current: 10, range: 1e9) == .pass)
        #expect(try judge(current: 10, range: 1.9) == .fail)
        #expect(try judge(motors: .fail, current: 10) == .fail)
    }

    @Test func verdictSaysWhy() throws {
        let j = try QCJudgement.judge(checklist: checklist, checks: ["motors": .pass], measures: ["hover_current_a": 15, "range_km": 3])
        #expect(j.verdicts.map(\.passed) == [true, false, true])
        #expect(j.verdicts[1].why == "15 is above the maximum 14")
    }

    @Test func missingUnknownAndWrongType() {
        #expect(throws: QCProblem.missingItems(["range_km"])) {
            try QCJudgement.judge(checklist: checklist, checks: ["motors": .pass], measures: ["hover_current_a": 10])
        }
        #expect(throws: QCProblem.unknownItem("gps", known: "motors, hover_current_a, range_km")) {
            try QCJudgement.judge(checklist: checklist, checks: ["motors": .pass, "gps": .pass], measures: ["hover_current_a": 10, "range_km": 3])
        }
        #expect(throws: QCProblem.wrongType("hover_current_a", expected: .measure)) {
            try QCJudgement.judge(checklist: checklist, checks: ["motors": .pass, "hover_current_a": .pass], measures: ["range_km": 3])
        }
        #expect(throws: QCProblem.wrongType("motors", expected: .check)) {
            try QCJudgement.judge(checklist: checklist, checks: [:], measures: ["motors": 1, "hover_current_a": 10, "range_km": 3])
        }
    }

    @Test func failingRunNeedsADefectAndStoresVersionLimitsAttempt() throws {
        var b = Bench()
        try b.record(.register, "AF-1", by: "tech", Bench.field { $0.model = "FPV-7" })
        try b.record(.assembled, "AF-1", by: "tech")
        var data = Bench.qc(pass: false)
        data.defects = nil
        let error = rejection { try b.record(.qc, "AF-1", by: "insp", data) }
        #expect(error == .rejected(event: "qc", subject: "AF-1", rule: .failingRunNeedsDefect(failedItems: ["compass"])))
        #expect(error?.description == "cannot record 'qc' for AF-1: the run fails (compass); a failing run needs at least one defect code (--defect CODE)")
        let d = try b.record(.qc, "AF-1", by: "insp", Bench.qc(pass: false))
        #expect(d.event.data.outcome == .fail)
        #expect(d.event.data.attempt == 1)
        #expect(d.event.data.checklistVersion == 1)
        #expect(d.event.data.limits == Bench.checklist)
        #expect(d.event.data.defects == ["COMPASS_DRIFT"])
    }

    @Test func aTypedOutcomeThatDisagreesIsRefused() throws {
        var b = Bench()
        try b.record(.register, "AF-1", by: "tech", Bench.field { $0.model = "FPV-7" })
        try b.record(.assembled, "AF-1", by: "tech")
        var data = Bench.qc(pass: false)
        data.outcome = .pass
        let error = rejection { try b.record(.qc, "AF-1", by: "insp", data) }
        #expect(error == .rejected(event: "qc", subject: "AF-1", rule: .computedDiffers(field: "outcome", given: "pass", computed: "fail")))
        #expect(error?.description == "cannot record 'qc' for AF-1: outcome is pass in the input but the rules compute fail")
    }

    @Test func checklistChangeMakesANewVersionThatJudgesLaterRuns() throws {
        var b = Bench()
        try b.record(.register, "AF-1", by: "tech", Bench.field { $0.model = "FPV-7" })
        try b.record(.assembled, "AF-1", by: "tech")
        try b.record(.modelUpdate, "FPV-7", by: "boss", Bench.field { $0.checklist = [.measure("hover_current_a", unit: "A", min: 8, max: 10)] })
        #expect(b.state.models["FPV-7"]?.checklistVersion == 2)
        #expect(b.state.checklists["FPV-7"]?[1] == Bench.checklist)
        var data = Fields()
        data.measures = ["hover_current_a": 11.2]
        data.defects = ["HOVER_HIGH"]
        let d = try b.record(.qc, "AF-1", by: "insp", data)
        #expect(d.event.data.outcome == .fail)
        #expect(d.event.data.checklistVersion == 2)
        try b.record(.reworkDone, "AF-1", by: "tech")
        data.measures = ["hover_current_a": 9.5]
        data.defects = nil
        let second = try b.record(.qc, "AF-1", by: "insp", data)
        #expect(second.event.data.attempt == 2)
        #expect(second.event.data.outcome == .pass)
    }

    @Test func checklistValidation() {
        #expect(throws: HangarError.self) { try ChecklistRules.validate([]) }
        #expect(throws: HangarError.self) { try ChecklistRules.validate([.check("a"), .check("a")]) }
        #expect(throws: HangarError.self) { try ChecklistRules.validate([.measure("a")]) }
        #expect(throws: HangarError.self) { try ChecklistRules.validate([.measure("a", min: 5, max: 4)]) }
        #expect((try? ChecklistRules.validate([.measure("a", min: 4, max: 4)])) != nil)
    }
}

@Suite("Four eyes")
struct FourEyesTests {
    @Test func theAuthorOfAssemblyCannotTestIt() throws {
        var b = Bench()
        try b.record(.register, "AF-1", by: "all", Bench.field { $0.model = "FPV-7" })
        try b.record(.assembled, "AF-1", by: "all")
        let error = rejection { try b.record(.qc, "AF-1", by: "all", Bench.qc()) }
        #expect(error == .rejected(event: "qc", subject: "AF-1", rule: .fourEyes(inspector: "all")))
        #expect(error?.description == "cannot record 'qc' for AF-1: four eyes: all recorded the work that put it into awaiting_qc; another inspector must test it")
        try b.record(.qc, "AF-1", by: "insp", Bench.qc(pass: false))
        try b.record(.reworkDone, "AF-1", by: "all")
        #expect(rejection { try b.record(.qc, "AF-1", by: "all", Bench.qc()) } == .rejected(event: "qc", subject: "AF-1", rule: .fourEyes(inspector: "all")))
        try b.record(.qc, "AF-1", by: "insp", Bench.qc())
        #expect(b.airframe().state == .ready)
    }

    @Test func appliesAfterMaintenanceClose() throws {
        var b = Bench()
        try b.readyAirframe()
        try b.record(.maintenanceOpen, "AF-1", by: "all", Bench.field { $0.reason = "scheduled" })
        try b.record(.maintenanceClose, "AF-1", by: "all")
        #expect(rejection { try b.record(.qc, "AF-1", by: "all", Bench.qc()) } == .rejected(event: "qc", subject: "AF-1", rule: .fourEyes(inspector: "all")))
        try b.record(.qc, "AF-1", by: "insp2", Bench.qc())
        #expect(b.airframe().state == .ready)
    }

    @Test func theAuthorIsTheNonUndoneOne() throws {
        var b = Bench()
        try b.record(.register, "AF-1", by: "all", Bench.field { $0.model = "FPV-7" })
        try b.record(.assembled, "AF-1", by: "tech")
        try b.record(.qc, "AF-1", by: "all", Bench.qc())
        try b.record(.undo, "AF-1", by: "boss", Bench.field { $0.reason = "wrong entry" })
        #expect(b.airframe().state == .awaitingQC)
        #expect(b.airframe().awaitingQCBy == "tech")
        #expect(b.airframe().qcAttempts == 0)
        #expect(b.airframe().firstPassAt == nil)
    }
}

@Suite("Time")
struct TimeRuleTests {
    @Test func eventsOfAnAirframeAreInTimeOrder() throws {
        var b = Bench()
        try b.record(.register, "AF-1", by: "tech", Bench.field { $0.model = "FPV-7" })
        let registered = b.airframe().lastEventAt
        let error = rejection { try b.record(.assembled, "AF-1", by: "tech", at: registered.adding(minutes: -1)) }
        #expect(error == .rejected(event: "assembled", subject: "AF-1",
                                   rule: .outOfTimeOrder(at: registered.adding(minutes: -1), latest: registered, subject: "airframe")))
        #expect(error?.description.contains("before the airframe's latest event") == true)
        try b.record(.assembled, "AF-1", by: "tech", at: registered)  // equal is allowed
        #expect(b.airframe().state == .awaitingQC)
    }

    @Test func operatorEventsAreInTimeOrder() throws {
        var b = Bench()
        let enrolled = b.state.operators["op1"]!.lastEventAt
        #expect(rejection { try b.record(.startTraining, "op1", by: "instr", at: enrolled.adding(minutes: -5)) }
                == .rejected(event: "start_training", subject: "op1", rule: .outOfTimeOrder(at: enrolled.adding(minutes: -5), latest: enrolled, subject: "operator")))
    }

    @Test func atMostFiveMinutesInTheFuture() throws {
        var b = Bench()
        let now = b.clock.adding(minutes: 1)
        let d = Bench.field { $0.model = "FPV-7" }
        try b.record(.register, "AF-1", by: "tech", d, at: now.adding(minutes: 5), now: now)
        let late = Timestamp(milliseconds: now.adding(minutes: 5).milliseconds + 1)
        let error = rejection { try b.record(.register, "AF-2", by: "tech", d, at: late, now: now) }
        #expect(error == .rejected(event: "register", subject: "AF-2", rule: .datedInTheFuture(at: late, now: now)))
        #expect(error?.description.contains("more than 5 minutes after now") == true)
        #expect(b.state.airframe("AF-2") == nil)
    }

    @Test func timestampsNeedAnOffsetAndRoundTrip() throws {
        #expect(throws: HangarError.self) { try Timestamp.parse("2026-01-22T09:00:00") }
        #expect(throws: HangarError.self) { try Timestamp.parse("1969-12-31T23:59:59Z") }
        let t = try Timestamp.parse("2026-01-22T11:00:00+02:00")
        #expect(t.iso8601 == "2026-01-22T09:00:00Z")
        #expect(t.storageText == "2026-01-22T09:00:00.000Z")
        #expect(Timestamp(storageText: "2026-01-22T09:00:00.250Z")?.milliseconds == t.milliseconds + 250)
        #expect(try Timestamp.parse("2026-01-22T09:00:00.250Z").iso8601 == "2026-01-22T09:00:00.250Z")
    }
}

@Suite("Undo")
struct UndoTests {
    @Test func undoAndUndoAgain() throws {
        var b = Bench()
        try b.readyAirframe()
        try b.record(.issue, "AF-1", by: "cmdr", Bench.field { $0.unit = "1st Company" })
        try b.record(.flight, "AF-1", by: "tech", Bench.flight(40))
        try b.record(.flight, "AF-1", by: "tech", Bench.flight(25))
        #expect(b.airframe().flightMinutes == 65)
        let reason = Bench.field { $0.reason = "logged twice" }
        try b.record(.undo, "AF-1", by: "tech", reason)  // author of the flight may undo it
        #expect(b.airframe().flightMinutes == 40)
        try b.record(.undo, "AF-1", by: "boss", reason)  // undo again cancels the one before
        #expect(b.airframe().flightMinutes == 0)
        #expect(b.airframe().state == .inService)
        try b.record(.undo, "AF-1", by: "boss", reason)  // the issue
        #expect(b.airframe().state == .ready)
        #expect(b.airframe().unit == nil)
        #expect(b.state.undone.count == 3)
    }

    @Test func onlyAdminOrAuthor() throws {
        var b = Bench()
        try b.readyAirframe()
        let error = rejection { try b.record(.undo, "AF-1", by: "tech2", Bench.field { $0.reason = "x" }) }
        #expect(error == .roleRequired(event: "undo", subject: "AF-1", actor: "tech2", needs: "admin, or insp who recorded the 'qc' being undone"))
    }

    @Test func undoOfALossRestoresTheFlyingState() throws {
        var b = Bench()
        try b.readyAirframe()
        try b.record(.assignTraining, "AF-1", by: "instr")
        try b.record(.lost, "AF-1", by: "instr", Bench.field { $0.reason = "no signal" })
        #expect(rejection { try b.record(.return, "AF-1", by: "instr") } != nil)
        try b.record(.undo, "AF-1", by: "instr", Bench.field { $0.reason = "found it" })
        #expect(b.airframe().state == .training)
    }

    @Test func undoKeepsTheStateSinceOfTheEarlierState() throws {
        var b = Bench()
        try b.readyAirframe()
        let readySince = b.airframe().stateSince
        try b.record(.assignTraining, "AF-1", by: "instr")
        try b.record(.undo, "AF-1", by: "boss", Bench.field { $0.reason = "wrong" })
        #expect(b.airframe().stateSince == readySince)
        #expect(b.airframe().lastEventAt > readySince)
    }
}

@Suite("Roles")
struct RoleTests {
    @Test func adminIsNotASuperuser() {
        var b = Bench()
        let error = rejection { try b.record(.register, "AF-1", by: "boss", Bench.field { $0.model = "FPV-7" }) }
        #expect(error?.description == "cannot record 'register' for AF-1: boss lacks the role for it (register needs: technician)")
    }

    @Test func flightsByPurpose() throws {
        var b = Bench()
        try b.readyAirframe()
        try b.record(.assignTraining, "AF-1", by: "instr")
        #expect(rejection { try b.record(.flight, "AF-1", by: "tech", Bench.flight(10, .training, operator: "op1")) } != nil)
        try b.record(.flight, "AF-1", by: "tech", Bench.flight(10, .operational))  // any staff, either state
        let missing = rejection { try b.record(.flight, "AF-1", by: "instr", Bench.flight(10, .training)) }
        #expect(missing == .missingField(event: "flight", field: "operator (a training flight names its trainee)"))
        #expect(rejection { try b.record(.flight, "AF-1", by: "instr", Bench.flight(0)) } != nil)
        #expect(rejection { try b.record(.flight, "AF-1", by: "instr", Bench.flight(1441)) } != nil)
        try b.record(.flight, "AF-1", by: "instr", Bench.flight(1440))
    }

    @Test func returnIssueLostWriteOff() throws {
        var b = Bench()
        try b.readyAirframe()
        #expect(rejection { try b.record(.issue, "AF-1", by: "tech", Bench.field { $0.unit = "1st Company" }) } != nil)
        try b.record(.issue, "AF-1", by: "boss", Bench.field { $0.unit = "1st Company" })
        #expect(rejection { try b.record(.return, "AF-1", by: "tech") } != nil)
        #expect(rejection { try b.record(.writeOff, "AF-1", by: "cmdr", Bench.field { $0.reason = "x" }) } != nil)
        try b.record(.lost, "AF-1", by: "cmdr", Bench.field { $0.reason = "shot down" })
        #expect(b.airframe().state == .lost)
    }

    @Test func unknownActorAndBootstrap() throws {
        var fresh = WorkshopState()
        let t = Timestamp(milliseconds: 1_767_254_400_000)
        let notSelf = try EventInput(id: "x1", kind: .staffAdd, subject: "a", occurredAt: t, actor: "b", data: Bench.field { $0.name = "A"; $0.roles = [.admin] })
        #expect(rejection { try fresh.record(notSelf, now: t) } == .rejected(event: "staff_add", subject: "a", rule: .firstEventMustBeAnAdmin))
        let notAdmin = try EventInput(id: "x2", kind: .staffAdd, subject: "a", occurredAt: t, actor: "a", data: Bench.field { $0.name = "A"; $0.roles = [.technician] })
        #expect(rejection { try fresh.record(notAdmin, now: t) } == .rejected(event: "staff_add", subject: "a", rule: .firstEventMustBeAnAdmin))
        try fresh.record(EventInput(id: "x3", kind: .staffAdd, subject: "a", occurredAt: t, actor: "a", data: Bench.field { $0.name = "A"; $0.roles = [.admin] }), now: t)
        #expect(fresh.staffCount() == 1)
        var b = Bench()
        let ghost = rejection { try b.record(.register, "AF-1", by: "ghost", Bench.field { $0.model = "FPV-7" }) }
        #expect(ghost == .rejected(event: "register", subject: "AF-1", rule: .unknownStaff("ghost")))
        #expect(ghost?.description == "cannot record 'register' for AF-1: 'ghost' is not a known staff member (see: hangar staff list)")
    }

    @Test func theLastAdminStays() throws {
        var b = Bench()
        try b.record(.staffUpdate, "all", by: "boss", Bench.field { $0.roles = [.technician] })
        #expect(b.state.staff("all")?.roles == [.technician])
        let error = rejection { try b.record(.staffUpdate, "boss", by: "boss", Bench.field { $0.roles = [.commander] }) }
        #expect(error == .rejected(event: "staff_update", subject: "boss", rule: .lastAdmin("boss")))
        #expect(error?.description == "cannot record 'staff_update' for boss: boss is the only admin; the workshop must keep at least one (add another admin first)")
        try b.record(.staffUpdate, "cmdr", by: "boss", Bench.field { $0.roles = [.commander, .admin] })
        try b.record(.staffUpdate, "boss", by: "boss", Bench.field { $0.roles = [.commander] })
        #expect(b.state.adminCount() == 1)
    }
}

@Suite("Service due")
struct ServiceDueTests {
    @Test func dueByMinutes() throws {
        var b = Bench(serviceMinutes: 100, serviceDays: nil)
        try b.readyAirframe()
        try b.record(.issue, "AF-1", by: "cmdr", Bench.field { $0.unit = "1st Company" })
        try b.record(.flight, "AF-1", by: "tech", Bench.flight(99))
        let model = b.state.models["FPV-7"]
        #expect(!ServiceRule.isDue(b.airframe(), model: model, at: b.clock))
        try b.record(.flight, "AF-1", by: "tech", Bench.flight(1))
        #expect(ServiceRule.isDue(b.airframe(), model: model, at: b.clock))
        try b.record(.maintenanceOpen, "AF-1", by: "tech", Bench.field { $0.reason = "scheduled" })
        try b.record(.maintenanceClose, "AF-1", by: "tech")
        #expect(b.airframe().minutesSinceService == 0)
        #expect(b.airframe().flightMinutes == 100)
        #expect(!ServiceRule.isDue(b.airframe(), model: model, at: b.clock))
    }

    @Test func dueByDays() throws {
        var b = Bench(serviceMinutes: nil, serviceDays: 30)
        try b.readyAirframe()
        let baseline = b.airframe().serviceBaseline!
        let model = b.state.models["FPV-7"]
        #expect(!ServiceRule.isDue(b.airframe(), model: model, at: Timestamp(milliseconds: baseline.adding(days: 30).milliseconds - 1)))
        #expect(ServiceRule.isDue(b.airframe(), model: model, at: baseline.adding(days: 30)))
    }

    @Test func neverDueBeforeTheFirstPassOrWithoutSettings() throws {
        var b = Bench(serviceMinutes: nil, serviceDays: 1)
        try b.record(.register, "AF-1", by: "tech", Bench.field { $0.model = "FPV-7" })
        #expect(!ServiceRule.isDue(b.airframe(), model: b.state.models["FPV-7"], at: b.clock.adding(days: 400)))
        var c = Bench(serviceMinutes: nil, serviceDays: nil)
        try c.readyAirframe()
        #expect(!ServiceRule.isDue(c.airframe(), model: c.state.models["FPV-7"], at: c.clock.adding(days: 4000)))
    }
}

@Suite("Names")
struct NameTests {
    @Test func serialsAreNormalisedAndValidated() throws {
        #expect(try Names.serial("af-001") == "AF-001")
        #expect(try Names.serial("a.b_c-9") == "A.B_C-9")
        #expect(try Names.serial(String(repeating: "A", count: 32)).count == 32)
        for bad in ["", String(repeating: "A", count: 33), "AF 1", "AF/1", "АF-1", "AF-1\n"] {
            #expect(throws: HangarError.self) { try Names.serial(bad) }
        }
    }

    @Test func sameAirframeWhateverTheCase() throws {
        var b = Bench()
        try b.record(.register, "af-001", by: "tech", Bench.field { $0.model = "FPV-7" })
        try b.record(.assembled, "AF-001", by: "tech")
        #expect(b.airframe("AF-001").state == .awaitingQC)
    }

    @Test func defectCodes() throws {
        #expect(try Names.defectCode("motor_vib") == "MOTOR_VIB")
        #expect(throws: HangarError.self) { try Names.defectCode("MOTOR-VIB") }
    }
}

@Suite("Service due, one definition")
struct ServiceRuleTests {
    @Test func boundariesAreIncluded() {
        let base = Timestamp(milliseconds: 1_767_254_400_000)
        let interval = ServiceInterval(minutes: 600, days: 90)
        #expect(!ServiceRule.isDue(minutesSinceService: 599, baseline: base, interval: interval, at: base.adding(days: 89)))
        #expect(ServiceRule.isDue(minutesSinceService: 600, baseline: base, interval: interval, at: base))
        #expect(ServiceRule.isDue(minutesSinceService: 0, baseline: base, interval: interval, at: base.adding(days: 90)))
        #expect(!ServiceRule.isDue(minutesSinceService: 0, baseline: base, interval: interval, at: Timestamp(milliseconds: base.adding(days: 90).milliseconds - 1)))
        #expect(!ServiceRule.isDue(minutesSinceService: 10_000, baseline: nil, interval: interval, at: base.adding(days: 900)), "never before the first pass")
        #expect(!ServiceRule.isDue(minutesSinceService: 10_000, baseline: base, interval: .none, at: base.adding(days: 900)), "never by a setting the model lacks")
    }

    /// The store's query judges days by a cut-off instant; it must agree with the rule.
    @Test func theCutOffIsTheRule() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let t = Timestamp(milliseconds: Int64.random(in: 1_700_000_000_000...1_800_000_000_000, using: &random))
            let baseline = Timestamp(milliseconds: t.milliseconds - Int64.random(in: -86_400_000...400 * 86_400_000, using: &random))
            let days = Int.random(in: 1...365, using: &random)
            let byRule = ServiceRule.isDue(minutesSinceService: 0, baseline: baseline, interval: ServiceInterval(minutes: nil, days: days), at: t)
            #expect(byRule == (baseline <= ServiceRule.latestBaselineDueByDays(days, at: t)))
            #expect(byRule == (t.milliseconds - baseline.milliseconds >= Int64(days) * 86_400_000))
        }
    }

    @Test func hastyQCAndCurrencyWindows() {
        let t = Timestamp(milliseconds: 1_767_254_400_000)
        #expect(HastyQC.isHasty(passAt: t.adding(minutes: 0), enteredAwaitingQC: t))
        #expect(HastyQC.isHasty(passAt: Timestamp(milliseconds: t.milliseconds + 59_999), enteredAwaitingQC: t))
        #expect(!HastyQC.isHasty(passAt: t.adding(minutes: 1), enteredAwaitingQC: t))
        #expect(Currency.counts(t.adding(days: -90), at: t))
        #expect(!Currency.counts(Timestamp(milliseconds: t.adding(days: -90).milliseconds - 1), at: t))
        #expect(!Currency.counts(t, at: t))
    }
}
