import Foundation

/// What is wrong with the bytes of a line that does not read as JSON, said so that a person
/// can find it: bytes that are not UTF-8, and raw control characters, by column.
enum LineCheck {
    /// Refuses a line whose bytes are not UTF-8 or hold a raw control character.
    static func checkBytes(_ line: Data) throws {
        var column = 0, offset = 0
        var iterator = line.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                column += 1
                offset += encoded.count
                let scalar = Unicode.UTF8.decode(encoded)
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    throw HangarError.invalidValue(
                        field: "character at column \(column)", value: hex(UInt8(scalar.value)),
                        allowed: "a line may not hold a raw control character (text fields refuse them even escaped)")
                }
            case .emptyInput:
                return
            case .error:
                let byte = line[line.index(line.startIndex, offsetBy: offset)]
                throw HangarError.invalidValue(
                    field: "byte at column \(column + 1)", value: hex(byte), allowed: "a line must be UTF-8 text")
            }
        }
    }

    static func hex(_ byte: UInt8) -> String {
        "0x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }
}
