/// CLDR plural categories, chosen from a number as it is displayed (`1,5` is a fraction,
/// `21` an integer): Russian one/few/many/other, Kazakh one/other, English one/other.
public enum PluralCategory: String, CaseIterable, Sendable {
    case one, few, many, other

    /// The categories a language's catalogue must give for a counted message.
    public static func required(for language: Language) -> [PluralCategory] {
        switch language {
        case .ru: return [.one, .few, .many, .other]
        case .en, .kk: return [.one, .other]
        }
    }

    /// The category of `displayed` (digits, an optional `.` or `,` and fraction digits, any
    /// grouping spaces) in `language`. Text that is not a number is `other`.
    public static func of(_ displayed: String, in language: Language) -> PluralCategory {
        var integer: [UInt8] = []
        var fraction: [UInt8] = []
        var inFraction = false
        for byte in displayed.utf8 {
            switch byte {
            case 0x30...0x39: if inFraction { fraction.append(byte - 0x30) } else { integer.append(byte - 0x30) }
            case 0x2C, 0x2E: if inFraction { return .other }; inFraction = true
            case 0x20, 0xC2, 0xA0, 0x2D: continue  // grouping (space, NBSP's bytes) and a sign
            default: return .other
            }
        }
        guard !integer.isEmpty || !fraction.isEmpty else { return .other }
        // i: the integer part (its last three digits suffice for every rule used here).
        let i = integer.suffix(3).reduce(0) { $0 * 10 + Int($1) }
        let v = fraction.count
        let fractionIsZero = fraction.allSatisfy { $0 == 0 }
        switch language {
        case .en:
            return i == 1 && integer.dropLast(3).allSatisfy({ $0 == 0 }) && v == 0 ? .one : .other
        case .kk:
            // n = 1 (1, 1.0, 1.00): the whole number, fraction included, is one.
            return i == 1 && integer.dropLast(3).allSatisfy({ $0 == 0 }) && fractionIsZero ? .one : .other
        case .ru:
            guard v == 0 else { return .other }
            let mod10 = i % 10, mod100 = i % 100
            if mod10 == 1 && mod100 != 11 { return .one }
            if (2...4).contains(mod10) && !(12...14).contains(mod100) { return .few }
            return .many
        }
    }
}
