import ArgumentParser
import Foundation
import HangarCore
import HangarAccess
import HangarStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: tr("Create or migrate the database; with --admin, record the first admin."))

    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp(tr("Staff id of the first admin."), valueName: "id")) var admin: String?
    @Option(help: ArgumentHelp(tr("The first admin's name."), valueName: "name")) var name: String?
    @Option(help: ArgumentHelp(tr("When it happened (default: now)."), valueName: "time")) var at: String?

    func validate() throws {
        if (admin == nil) != (name == nil) { throw ValidationError(tr("give --admin ID and --name NAME together")) }
    }

    func run() throws {
        let db = try store.open(create: true)
        Console.print(trf("database {path} is ready (schema up to date)", ["path": db.path]))
        guard let admin, let name else { return }
        let now = Timestamp(Date())
        let input = EventInput(
            id: EventID.make(at: now), subject: admin,
            occurredAt: try at.map { try Timestamp.parse($0, field: "--at") } ?? now, actor: admin,
            body: .staffAdd(StaffAddition(name: name, roles: [.admin])))
        Console.print(TextOutput.confirmation(try db.record(input, now: now)))
    }
}

struct WorkshopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workshop", abstract: tr("The workshop's name and annual capacity."),
        subcommands: [Set.self, Show.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: tr("Set the name, the capacity (airframes per year), the country or the currency. Admin."))
        @OptionGroup var write: WriteOptions
        @Option(help: ArgumentHelp(tr("The workshop's name."))) var name: String?
        @Option(help: ArgumentHelp(tr("Stated capacity in airframes per year."), valueName: "per-year")) var capacity: Int?
        @Option(help: ArgumentHelp(tr("The workshop's country, ISO 3166-1 alpha-2 (what 'domestic' means for local content)."), valueName: "CC")) var country: String?
        @Option(help: ArgumentHelp(tr("The currency of costs and prices, ISO 4217 (settable until the first cost is recorded)."), valueName: "CUR")) var currency: String?
        @Option(help: ArgumentHelp(tr("The IANA time zone people read and type times in, e.g. Asia/Almaty."), valueName: "zone")) var timezone: String?
        @Option(help: ArgumentHelp(tr("The workshop's code at headquarters, e.g. KZ-36AAB-W1: set once, never changed; exports carry it on every line."), valueName: "CODE"))
        var code: String?

        func validate() throws {
            if name == nil && capacity == nil && country == nil && currency == nil && timezone == nil && code == nil {
                throw ValidationError(tr("give --name, --capacity, --country, --currency, --timezone or --code"))
            }
        }

        func run() throws {
            let setting = WorkshopSetting(capacityPerYear: capacity, country: country, currency: currency, timezone: timezone, code: code)
            let subject = try name ?? write.store.open().workshop().name
            guard let subject else {
                throw HangarError.rejected(event: "workshop_set", subject: "the workshop", rule: .workshopUnnamed)
            }
            try write.record(subject, .workshopSet(setting))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: tr("Show the workshop's settings."))
        @OptionGroup var read: ReadOptions

        func run() throws {
            let w = try read.store.open().workshop()
            if read.json {
                Console.print(JSONOutput.text(WorkshopJSON(w)))
            } else {
                let unset = tr("(not set)")
                Console.print(TextOutput.fields([
                    ("name", w.name ?? unset),
                    ("capacity", w.capacityPerYear.map { trf("{n} airframes per year", ["n": String($0)]) } ?? unset),
                    ("country", w.country ?? unset),
                    ("currency", w.currency ?? unset),
                    ("timezone", w.timezone ?? tr("(not set: times are UTC)")),
                    ("code", w.code ?? tr("(not set: exports carry no workshop code)")),
                ]))
            }
        }
    }
}

struct StaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: tr("People who record events, and their roles."),
        subcommands: [Add.self, Update.self, List.self, Password.self, Token.self])

    static let rolesHelp = "Roles, comma-separated: " + Role.allCases.map(\.rawValue).joined(separator: ", ") + "."

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: tr("Add a staff member. Admin."))
        @Argument(help: ArgumentHelp(tr("Staff id, e.g. t.omarov (case-sensitive)."))) var id: String
        @Option(help: ArgumentHelp(tr("Full name."))) var name: String
        @Option(help: ArgumentHelp(StaffCommand.rolesHelp + " Repeatable.", valueName: "role,...")) var role: [String] = []
        @Option(help: ArgumentHelp(tr("The language of their pages: en, ru or kk (default: their browser's)."), valueName: "lang")) var lang: String?
        @OptionGroup var write: WriteOptions

        func validate() throws {
            if role.isEmpty { throw ValidationError(tr("give at least one --role")) }
        }

        func run() throws {
            try write.record(id, .staffAdd(StaffAddition(name: name, roles: try Role.parseList(role.joined(separator: ",")), lang: lang)))
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "update", abstract: tr("Change a staff member's name or roles (the roles given replace the old ones). Admin."))
        @Argument(help: ArgumentHelp(tr("Staff id."))) var id: String
        @Option(help: ArgumentHelp(tr("New full name."))) var name: String?
        @Option(help: ArgumentHelp(StaffCommand.rolesHelp + " Repeatable; together they replace the old roles.", valueName: "role,...")) var role: [String] = []
        @Option(help: ArgumentHelp(tr("The language of their pages: en, ru or kk."), valueName: "lang")) var lang: String?
        @OptionGroup var write: WriteOptions

        func validate() throws {
            if name == nil && role.isEmpty && lang == nil { throw ValidationError(tr("give --name, --role, --lang or a combination")) }
        }

        func run() throws {
            try write.record(id, .staffUpdate(StaffChange(name: name, roles: role.isEmpty ? nil : try Role.parseList(role.joined(separator: ",")), lang: lang)))
        }
    }

    /// Who may set a password or make a token: an admin, or the person themself.
    static func requireAdminOrSelf(_ store: HangarStore, actor: String, target: String, what: String) throws {
        guard let acting = try store.staff(actor) else { throw HangarError.notFound(what: "staff member", name: actor) }
        guard acting.has(.admin) || acting.id == target else {
            throw HangarError.roleRequired(event: what, subject: target, actor: actor, needs: "admin, or \(target) themself")
        }
        guard try store.staff(target) != nil else { throw HangarError.notFound(what: "staff member", name: target) }
    }

    struct Password: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "password",
            abstract: tr("Set a staff member's sign-in password (admin, or themself)."),
            discussion: tr("The password is read from the terminal without echo, or from the first line of standard input; never from a flag. It needs 12 to 128 characters (any letters; beyond 72 bytes it is pre-hashed, never cut). Setting it ends that person's sessions."))
        @Argument(help: ArgumentHelp(tr("Staff id."))) var id: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            let store = try write.store.open()
            try StaffCommand.requireAdminOrSelf(store, actor: try write.actorID(), target: id, what: "password")
            let hash = try SecretInput.newPasswordHash(for: id)
            try store.setPasswordHash(hash, for: id, at: Timestamp(Date()))
            Console.print(trf("password set for {id}", ["id": id]))
        }
    }

    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token",
            abstract: tr("Print a new API token for a staff member (admin, or themself)."),
            discussion: tr("""
                The token is printed alone on standard output, once; only its SHA-256 is stored. Send it as \
                Authorization: Bearer TOKEN. With --revoke, every token of that person stops working instead \
                (a lost laptop, a person leaving the workshop).
                """))
        @Argument(help: ArgumentHelp(tr("Staff id."))) var id: String
        @Flag(help: ArgumentHelp(tr("Revoke all of this person's tokens instead of making one."))) var revoke = false
        @OptionGroup var write: WriteOptions

        func run() throws {
            let store = try write.store.open()
            try StaffCommand.requireAdminOrSelf(store, actor: try write.actorID(), target: id, what: "token")
            if revoke {
                let count = try store.revokeTokens(of: id)
                return Console.print(trf(count == 1 ? "revoked {n} token of {id}" : "revoked {n} tokens of {id}", ["n": String(count), "id": id]))
            }
            let token = Credentials.newToken()
            try store.addToken(hash: Credentials.sha256(token), for: id, at: Timestamp(Date()))
            Console.print(token)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List staff and their roles."))
        @OptionGroup var read: ReadOptions

        func run() throws {
            let staff = try read.store.open().staffList()
            if read.json { return Console.print(JSONOutput.text(staff.map(StaffJSON.init))) }
            Console.print(TextOutput.table(["id", "full name", "roles"], staff.map { [$0.id, $0.name, $0.roles.map(\.rawValue).joined(separator: ",")] }))
        }
    }
}

struct UnitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unit", abstract: tr("Units that receive airframes and send operators."),
        subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: tr("Add a unit. Admin."))
        @Argument(help: ArgumentHelp(tr("The unit's name (case-sensitive)."))) var name: String
        @OptionGroup var write: WriteOptions
        func run() throws { try write.record(name, .unitAdd) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List units."))
        @OptionGroup var read: ReadOptions
        func run() throws {
            let units = try read.store.open().units()
            Console.print(read.json ? JSONOutput.text(units) : units.joined(separator: "\n"))
        }
    }
}

struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model", abstract: tr("Airframe models: QC checklists and service intervals."),
        subcommands: [Add.self, Update.self, List.self, Show.self])

    struct Definition: ParsableArguments {
        @Option(help: ArgumentHelp(tr("Flight minutes between scheduled maintenance."), valueName: "minutes")) var serviceMinutes: Int?
        @Option(help: ArgumentHelp(tr("Days between scheduled maintenance."), valueName: "days")) var serviceDays: Int?
        @Option(name: .customLong("check"), help: ArgumentHelp(tr("A pass/fail checklist item (repeatable)."), valueName: "key")) var checks: [String] = []
        @Option(name: .customLong("measure"), help: ArgumentHelp(tr("A measured item with limits, e.g. hover_current_a:A:8:14 (repeatable; unit, min or max may be empty)."), valueName: "key:unit:min:max"))
        var measures: [String] = []
        @Option(help: ArgumentHelp(tr("Ex-works price in minor units of the workshop's currency (for local content)."), valueName: "minor-units")) var exwPrice: Int?
        @Option(name: .customLong("describe"), help: ArgumentHelp(tr("What a checklist item asks, in words, shown on the QC form (repeatable)."), valueName: "key=text"))
        var descriptions: [String] = []
        @Option(name: .customLong("defect-code"), help: ArgumentHelp(tr("The model's defect catalogue: QC runs may give only these codes (repeatable, or comma-separated)."), valueName: "code"))
        var defectCodes: [String] = []

        /// `KEY=TEXT` pairs of --describe.
        func describedItems() throws -> [(key: String, text: String)] {
            try descriptions.map { pair in
                guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex, pair.index(after: eq) != pair.endIndex else {
                    throw HangarError.invalidValue(field: "--describe", value: pair, allowed: "give KEY=TEXT, e.g. motor_runup=\"Run every motor up to full throttle\"")
                }
                return (String(pair[..<eq]).lowercased(), String(pair[pair.index(after: eq)...]))
            }
        }

        /// The items with their descriptions; a description of an item not on the list is refused.
        static func describe(_ items: [ChecklistItem], with pairs: [(key: String, text: String)]) throws -> [ChecklistItem] {
            var items = items
            for (key, text) in pairs {
                guard let i = items.firstIndex(where: { $0.key.lowercased() == key }) else {
                    throw HangarError.invalidValue(field: "--describe", value: key, allowed: "items are " + items.map(\.key).joined(separator: ", "))
                }
                items[i].description = text
            }
            return items
        }

        var catalogue: [String]? {
            let codes = defectCodes.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            return codes.isEmpty ? nil : codes
        }

        func data() throws -> ModelChange {
            var data = ModelChange(serviceMinutes: serviceMinutes, serviceDays: serviceDays, exwPrice: exwPrice.map { .set($0) } ?? .keep,
                                   defectCodes: catalogue.map { .set($0) } ?? .keep)
            if !checks.isEmpty || !measures.isEmpty {
                data.checklist = checks.map(ChecklistItem.check) + (try measures.map(ChecklistItem.parseMeasureSpec))
            }
            return data
        }

        func definition() throws -> ModelDefinition {
            let change = try data()
            guard let checklist = change.checklist else { throw HangarError.missingField(event: "model_add", field: "checklist") }
            return ModelDefinition(checklist: try Self.describe(checklist, with: try describedItems()), serviceMinutes: change.serviceMinutes,
                                   serviceDays: change.serviceDays, exwPrice: exwPrice, defectCodes: catalogue)
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: tr("Add a model with its checklist (at least one item). Admin."))
        @Argument(help: ArgumentHelp(tr("Model name, e.g. FPV-7."))) var name: String
        @OptionGroup var definition: Definition
        @OptionGroup var write: WriteOptions
        func run() throws { try write.record(name, .modelAdd(try definition.definition())) }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: tr("Change a model's service interval, ex-works price or checklist. Admin."),
            discussion: tr("""
                The checklist is edited item by item: --check and --measure add an item or change the one with \
                that key, --remove-item drops one; the other items stay. What changes is printed before it is \
                recorded as a new checklist version. --replace-checklist makes the items given the whole new list \
                (it refuses to drop items otherwise). QC runs already recorded keep the version they were judged against.
                """))
        @Argument(help: ArgumentHelp(tr("Model name."))) var name: String
        @OptionGroup var definition: Definition
        @Option(name: .customLong("remove-item"), help: ArgumentHelp(tr("Drop this checklist item (repeatable)."), valueName: "key")) var removals: [String] = []
        @Flag(help: ArgumentHelp(tr("The items given replace the whole checklist (items not given are dropped)."))) var replaceChecklist = false
        @Flag(help: ArgumentHelp(tr("Drop the defect catalogue: QC runs may give any code again."))) var anyDefectCode = false
        @OptionGroup var write: WriteOptions

        func validate() throws {
            if anyDefectCode && !definition.defectCodes.isEmpty { throw ValidationError(tr("give --defect-code or --any-defect-code, not both")) }
        }

        func run() throws {
            var change = try definition.data()
            if anyDefectCode { change.defectCodes = .clear }
            let described = try definition.describedItems()
            if change.checklist != nil || !removals.isEmpty || !described.isEmpty {
                guard let model = try write.store.open().model(name) else { throw HangarError.notFound(what: "model", name: name) }
                var edit = try ChecklistEdit.apply(to: model.checklist, given: change.checklist ?? [], removing: removals, replacing: replaceChecklist)
                if !described.isEmpty {
                    let before = edit.items
                    edit.items = try Definition.describe(edit.items, with: described)
                    for (old, new) in zip(before, edit.items) where old.description != new.description {
                        edit.lines.removeAll { $0 == "  (no item changes)" }
                        edit.lines.append("  ~ \(new.key): “\(new.description ?? "")”")
                    }
                }
                Console.print(trf("{model} checklist v{from} → v{to}:", ["model": model.name, "from": String(model.checklistVersion), "to": String(model.checklistVersion + 1)]))
                Console.print(edit.lines.joined(separator: "\n"))
                change.checklist = edit.items
            }
            try write.record(name, .modelUpdate(change))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List models."))
        @OptionGroup var read: ReadOptions
        func run() throws {
            let models = try read.store.open().models()
            if read.json { return Console.print(JSONOutput.text(models.map(ModelJSON.init))) }
            Console.print(TextOutput.table(["model", "checklist", "items", "service"], models.map { m in
                [m.name, "v\(m.checklistVersion)", String(m.checklist.count), TextOutput.serviceLimits(m).trimmingCharacters(in: .whitespaces)]
            }))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: tr("Show a model's checklist and service interval."))
        @Argument(help: ArgumentHelp(tr("Model name."))) var name: String
        @OptionGroup var read: ReadOptions
        func run() throws {
            guard let m = try read.store.open().model(name) else { throw HangarError.notFound(what: "model", name: name) }
            if read.json { return Console.print(JSONOutput.text(ModelJSON(m))) }
            Console.print("\(m.name)\(TextOutput.serviceLimits(m))\n" + trf("checklist v{version}:", ["version": String(m.checklistVersion)]))
            Console.print(TextOutput.table(["item", "kind", "limits", "description"], m.checklist.map { [$0.key, $0.kind.rawValue, $0.limitsText, $0.description ?? ""] }))
            Console.print(tr("defect codes:") + " " + (m.defectCodes?.joined(separator: ", ") ?? tr("any (no catalogue)")))
        }
    }
}
