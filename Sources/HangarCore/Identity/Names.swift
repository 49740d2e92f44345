import Foundation

/// Validation of the identifiers people type: serials, staff and operator ids, names.
public enum Names {
    /// A serial: 1–32 ASCII characters of `A–Z a–z 0–9 - _ .`, stored upper-case.
    public static func serial(_ raw: String) throws -> String {
        let ok = !raw.isEmpty && raw.utf8.count <= 32 && raw.utf8.allSatisfy { b in
            (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
                || b == 0x2D || b == 0x5F || b == 0x2E
        }
        guard ok else {
            throw HangarError.invalidValue(
                field: "serial", value: printable(raw),
                allowed: "a serial is 1-32 characters of A-Z, 0-9, '-', '_' and '.'")
        }
        try notDotsAlone(raw, field: "serial")
        return raw.uppercased()
    }

    /// "." and ".." alone: a browser folds such a path segment away (`/parts/..` is `/`), so
    /// the page of an airframe, part or operator named so could never be opened.
    static func notDotsAlone(_ raw: String, field: String) throws {
        guard raw != "." && raw != ".." else {
            throw HangarError.invalidValue(field: field, value: raw, allowed: "not '.' or '..' alone (a page cannot have that address)")
        }
    }

    /// A staff id or operator id: 1–64 characters, no spaces, control characters or markup
    /// brackets. Case-sensitive.
    public static func identifier(_ raw: String, field: String) throws -> String {
        let ok = !raw.isEmpty && raw.count <= 64 && raw.unicodeScalars.allSatisfy { s in
            !CharacterSet.whitespacesAndNewlines.contains(s) && !CharacterSet.controlCharacters.contains(s)
                && s != "<" && s != ">"
        }
        guard ok else {
            throw HangarError.invalidValue(
                field: field, value: printable(raw),
                allowed: "an id is 1-64 characters without spaces, control characters, '<' or '>'")
        }
        try notDotsAlone(raw, field: field)
        return raw
    }

    /// A unit, model or person's name, or the workshop's: 1–100 characters, no control
    /// characters, no leading or trailing spaces, no `<` or `>` (a name is never markup;
    /// free text may hold them, e.g. "cell < 3.5 V", and every page escapes it). Case-sensitive.
    public static func name(_ raw: String, field: String) throws -> String {
        guard !raw.unicodeScalars.contains(where: { $0 == "<" || $0 == ">" }) else {
            throw HangarError.invalidValue(
                field: field, value: printable(raw), allowed: "a name is 1-100 characters without '<' or '>'")
        }
        return try text(raw, field: field, limit: 100)
    }

    /// Free text (reasons, notes, parts, work): 1–`limit` characters, no control characters,
    /// no leading or trailing spaces (so records stay exact).
    public static func text(_ raw: String, field: String, limit: Int = 1000) throws -> String {
        let ok = !raw.isEmpty && raw.count <= limit
            && raw.unicodeScalars.allSatisfy { !CharacterSet.controlCharacters.contains($0) }
            && raw.trimmingCharacters(in: .whitespaces) == raw
        guard ok else {
            throw HangarError.invalidValue(
                field: field, value: printable(raw),
                allowed: "give 1-\(limit) characters, without control characters or surrounding spaces")
        }
        return raw
    }

    /// A defect code: `[A-Z0-9_]{1,32}` after upper-casing.
    public static func defectCode(_ raw: String) throws -> String {
        let code = raw.uppercased()
        let ok = !code.isEmpty && code.utf8.count <= 32 && code.utf8.allSatisfy { b in
            (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F
        }
        guard ok else {
            throw HangarError.invalidValue(
                field: "defect", value: printable(raw),
                allowed: "a defect code is 1-32 characters of A-Z, 0-9 and '_', e.g. MOTOR_VIBRATION")
        }
        return code
    }

    /// Shows text in a message without letting control characters through.
    public static func printable(_ raw: String) -> String {
        let shown = raw.unicodeScalars.map { s -> String in
            CharacterSet.controlCharacters.contains(s) ? "\\u{\(String(s.value, radix: 16))}" : String(s)
        }.joined()
        return shown.count > 80 ? String(shown.prefix(80)) + "…" : shown
    }
}
