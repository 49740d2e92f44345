import HangarCore

/// The fields of an event from a page's form: a required field left empty is named, a
/// value that is not one of those allowed is refused with the ones that are.
enum FormBody {
    static func body(_ kind: EventKind, _ form: Form) throws -> EventBody {
        func need(_ name: String) throws -> String {
            guard let value = form.nonEmpty(name) else { throw HangarError.missingField(event: kind.rawValue, field: name) }
            return value
        }
        func choice<T: StrictEnum>(_ type: T.Type, _ name: String) throws -> T {
            let raw = try need(name)
            guard let value = T(rawValue: raw) else {
                throw HangarError.invalidValue(field: name, value: Names.printable(raw), allowed: T.allowedText)
            }
            return value
        }
        /// Serials typed or scanned into one field, separated by spaces or commas.
        func list(_ text: String?) -> [String]? {
            let items = (text ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
            return items.isEmpty ? nil : items
        }
        func count(_ text: String?) throws -> Int? {
            guard let text else { return nil }
            guard let n = Int(text), n >= 1 else {
                throw HangarError.invalidValue(field: "qty", value: Names.printable(text), allowed: "a quantity is a whole number of at least 1")
            }
            return n
        }
        switch kind {
        case .register: return .register(Registration(model: try need("model"), batch: form.nonEmpty("batch")))
        case .assembled: return .assembled(Assembly())
        case .reworkDone: return .reworkDone(WorkDone(work: form.nonEmpty("work")))
        case .maintenanceClose: return .maintenanceClose(WorkDone(work: form.nonEmpty("work")))
        case .assignTraining: return .assignTraining
        case .issue: return .issue(UnitIssue(unit: try need("unit")))
        case .return: return .return
        case .flight:
            let text = try need("minutes")
            guard let minutes = Int(text), (1...1440).contains(minutes) else {
                throw HangarError.invalidValue(field: "minutes", value: Names.printable(text), allowed: "flight minutes are a whole number from 1 to 1440")
            }
            return .flight(Flight(minutes: minutes, purpose: try choice(FlightPurpose.self, "purpose"), operator: form.nonEmpty("operator"),
                                  batteries: list(form.nonEmpty("batteries"))))
        case .install:
            return .install(Installation(
                part: try need("part"), component: form.nonEmpty("component"), lot: form.nonEmpty("lot"), qty: try count(form.nonEmpty("qty")),
                position: form.nonEmpty("position"), offBOM: form.nonEmpty("off_bom")))
        case .remove:
            return .remove(Removal(
                part: try need("part"), component: form.nonEmpty("component"), lot: form.nonEmpty("lot"), qty: try count(form.nonEmpty("qty")),
                disposition: try choice(Disposition.self, "disposition"), reason: try need("reason")))
        case .maintenanceOpen: return .maintenanceOpen(MaintenanceOpening(reason: try choice(MaintenanceReason.self, "reason")))
        case .awaitParts: return .awaitParts(PartsWait(part: try need("part")))
        case .partsReceived: return .partsReceived
        case .lost: return .lost(Loss(reason: try need("reason")))
        case .writeOff: return .writeOff(Loss(reason: try need("reason")))
        case .undo: return .undo(Undo(reason: try need("reason")))
        case .enroll: return .enroll(Enrolment(name: try need("name"), unit: try need("unit")))
        case .startTraining: return .startTraining
        case .qualify: return .qualify
        case .fail: return .fail
        case .retrain: return .retrain
        case .withdraw: return .withdraw(Withdrawal(reason: form.nonEmpty("reason")))
        case .qc, .workshopSet, .staffAdd, .staffUpdate, .unitAdd, .modelAdd, .modelUpdate, .partAdd, .partUpdate, .bomSet,
             .stockReceive, .stockAdjust, .batteryCheck:
            throw HangarError.invalidValue(field: "event", value: kind.rawValue, allowed: "this form records airframe and operator steps")
        }
    }
}

/// Numbers typed into a page's form, read strictly: digits with an optional minus sign and
/// one decimal separator, a dot or a comma (Russian and Kazakh staff write 1,5); no
/// exponent, hexadecimal, thousands separators or trailing text, which `Double(_:)` and
/// `Int(_:)` would take or turn into something else.
enum FormNumber {
    static func decimal(_ raw: String) -> Double? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard text.wholeMatch(of: /-?[0-9]{1,15}([.,][0-9]{1,15})?/) != nil else { return nil }
        return Double(text.replacingOccurrences(of: ",", with: "."))
    }

    static func whole(_ raw: String) -> Int? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard text.wholeMatch(of: /-?[0-9]{1,18}/) != nil else { return nil }
        return Int(text)
    }
}
