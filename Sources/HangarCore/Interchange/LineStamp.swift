/// What an exported line carries besides its event (DESIGN §12, §14): the format, the
/// workshop's code and its own sequence number, and the export's hash chain. Lines without
/// `format` are format 1 (no stamp at all).
public struct LineStamp: Equatable, Sendable {
    public var format = 1
    public var workshop: String?
    public var workshopSeq: Int64?
    public var hash: String?

    public init(format: Int = 1, workshop: String? = nil, workshopSeq: Int64? = nil, hash: String? = nil) {
        self.format = format; self.workshop = workshop; self.workshopSeq = workshopSeq; self.hash = hash
    }

    /// The newest format this Hangar writes and reads.
    public static let currentFormat = 2
    public static let keys: Set<String> = ["format", "workshop", "workshop_seq", "hash"]
    /// The hash before a log's first line.
    public static let chainStart = String(repeating: "0", count: 64)

    /// Whether `text` is a chain hash as written: 64 lowercase hex digits (SHA-256).
    public static func isHash(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isHash(UnsafeRawBufferPointer($0)) }
    }

    /// Whether `bytes` are a chain hash as written (`isHash` of their text).
    public static func isHash(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count == 64 && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// Takes the stamp's members out of a line's object, checking each.
    public static func take(from fields: inout JSONObject) throws -> LineStamp {
        var stamp = LineStamp()
        if let value = fields["format"] {
            guard case let .number(text) = value, let format = Int(text), format >= 1 else {
                throw HangarError.invalidValue(field: "format", value: value.shown, allowed: "format is 1 or 2 (a whole number)")
            }
            guard format <= currentFormat else {
                throw HangarError.invalidValue(field: "format", value: text, allowed: "this Hangar reads formats 1 and 2: update it to read newer exports")
            }
            stamp.format = format
            fields["format"] = nil
        }
        if let value = fields["workshop"] {
            guard case let .string(code) = value else {
                throw HangarError.invalidValue(field: "workshop", value: value.shown, allowed: "a workshop code is 2-16 characters of A-Z, 0-9 and '-', e.g. KZ-36AAB-W1")
            }
            stamp.workshop = try WorkshopCode.normalized(code)
            fields["workshop"] = nil
        }
        if let value = fields["workshop_seq"] {
            guard case let .number(text) = value, let seq = Int64(text), seq >= 1 else {
                throw HangarError.invalidValue(field: "workshop_seq", value: value.shown, allowed: "workshop_seq is a whole number, 1 or more")
            }
            stamp.workshopSeq = seq
            fields["workshop_seq"] = nil
        }
        if let value = fields["hash"] {
            guard case let .string(hash) = value, isHash(hash) else {
                throw HangarError.invalidValue(field: "hash", value: value.shown, allowed: "hash is 64 lowercase hex digits (SHA-256)")
            }
            stamp.hash = hash
            fields["hash"] = nil
        }
        if stamp.format == 1 && (stamp.workshop != nil || stamp.workshopSeq != nil || stamp.hash != nil) {
            throw HangarError.invalidValue(field: "format", value: "1", allowed: "workshop, workshop_seq and hash come with \"format\": 2")
        }
        return stamp
    }
}
