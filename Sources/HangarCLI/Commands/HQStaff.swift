import ArgumentParser
import Foundation
import HangarAccess
import HangarCore
import HangarStore

/// `hangar hq staff`: the headquarters server's own accounts (DESIGN §14). Everyone there is
/// a commander and reads only; whoever can open the HQ store manages them.
struct HQStaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: tr("Accounts of the headquarters server (hangar serve --hq): commanders, read-only."),
        subcommands: [Add.self, List.self, Password.self, Token.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: tr("Add a commander who may read the national dashboard."))
        @Argument(help: ArgumentHelp(tr("Staff id, e.g. t.omarov (case-sensitive)."))) var id: String
        @Option(help: ArgumentHelp(tr("Full name."))) var name: String
        @OptionGroup var options: HQOptions
        func run() async throws {
            let staff = try await options.with { try await $0.addStaff(id: id, name: name, at: Timestamp(Date())) }
            Console.print(trf("{id} may now read the national dashboard (set a password: hangar hq staff password {id})", ["id": staff.id]))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List the headquarters' accounts."))
        @OptionGroup var options: HQOptions
        @Flag(help: ArgumentHelp(tr("Print JSON (stable field names, ISO-8601 UTC times) instead of text."))) var json = false
        func run() async throws {
            let rows = try await options.with { try await $0.staffList() }
            if json {
                struct Row: Encodable { var id: String; var name: String; var password: Bool; var tokens: Int }
                return Console.print(JSONOutput.text(rows.map { Row(id: $0.staff.id, name: $0.staff.name, password: $0.hasPassword, tokens: $0.tokens) }))
            }
            Console.print(TextOutput.table(["id", "full name", "password", "tokens"], rows.map {
                [$0.staff.id, $0.staff.name, $0.hasPassword ? tr("yes") : tr("no"), String($0.tokens)]
            }))
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "password", abstract: tr("Set a headquarters account's sign-in password."),
            discussion: tr("The password is read from the terminal without echo, or from the first line of standard input; never from a flag. It needs 12 to 128 characters (any letters; beyond 72 bytes it is pre-hashed, never cut). Setting it ends that person's sessions."))
        @Argument(help: ArgumentHelp(tr("Staff id."))) var id: String
        @OptionGroup var options: HQOptions
        func run() async throws {
            let location = try options.location()
            let hash = try SecretInput.newPasswordHash(for: id)
            try await HQOptions.with(location) { try await $0.setPasswordHash(hash, for: id) }
            Console.print(trf("password set for {id}", ["id": id]))
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token", abstract: tr("Print a new API token for a headquarters account."),
            discussion: tr("The token is printed alone on standard output, once; only its SHA-256 is stored. Send it as Authorization: Bearer TOKEN. With --revoke, every token of that person stops working instead."))
        @Argument(help: ArgumentHelp(tr("Staff id."))) var id: String
        @Flag(help: ArgumentHelp(tr("Revoke all of this person's tokens instead of making one."))) var revoke = false
        @OptionGroup var options: HQOptions
        func run() async throws {
            if revoke {
                let count = try await options.with { try await $0.revokeTokens(of: id) }
                return Console.print(trf(count == 1 ? "revoked {n} token of {id}" : "revoked {n} tokens of {id}", ["n": String(count), "id": id]))
            }
            let token = Credentials.newToken()
            try await options.with { try await $0.addToken(hash: Credentials.sha256(token), for: id, at: Timestamp(Date())) }
            Console.print(token)
        }
    }
}
