/// A workshop's code at headquarters (DESIGN §12, §14): upper-cased, then 2–16 characters of
/// `A–Z 0–9 -`, e.g. `KZ-36AAB-W1`.
public enum WorkshopCode {
    public static func normalized(_ raw: String) throws -> String {
        let code = raw.uppercased()
        guard isNormalized(code) else {
            throw HangarError.invalidValue(field: "code", value: Names.printable(raw),
                                           allowed: "a workshop code is 2-16 characters of A-Z, 0-9 and '-', e.g. KZ-36AAB-W1")
        }
        return code
    }

    /// Whether `code` is a code as `normalized` gives it: 2–16 characters of `A–Z 0–9 -`.
    public static func isNormalized(_ code: String) -> Bool {
        (2...16).contains(code.utf8.count) && code.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }
}
