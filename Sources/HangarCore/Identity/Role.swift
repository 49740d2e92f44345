/// What a staff member may do. Checked exactly: `admin` is not a superuser.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case technician, inspector, instructor, storekeeper, commander, admin

    /// Read strictly: an unknown role is refused, naming the roles there are.
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let role = Role(rawValue: name) else { throw Self.unknown(name) }
        self = role
    }

    static func unknown(_ name: String) -> HangarError {
        .invalidValue(field: "role", value: Names.printable(name), allowed: "roles are " + allCases.map(\.rawValue).joined(separator: ", "))
    }

    public static func < (a: Role, b: Role) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Parses `technician,inspector` into roles; refuses unknown names and an empty list.
    public static func parseList(_ text: String) throws -> [Role] {
        let names = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return try normalize(names)
    }

    public static func normalize(_ names: [String]) throws -> [Role] {
        var roles: Set<Role> = []
        for name in names {
            guard let role = Role(rawValue: name) else { throw unknown(name) }
            roles.insert(role)
        }
        guard !roles.isEmpty else {
            throw HangarError.invalidValue(field: "roles", value: "", allowed: "give at least one role")
        }
        return roles.sorted()
    }
}

import Foundation
