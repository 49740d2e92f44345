import Foundation

/// A moment, in whole milliseconds since 1970-01-01T00:00:00Z. Exact arithmetic, so
/// replays and hashes never depend on floating point.
public struct Timestamp: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public init(_ date: Date) {
        self.milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    public var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.milliseconds < b.milliseconds }

    public func adding(minutes: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds + minutes * 60_000) }
    public func adding(hours: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds + hours * 3_600_000) }
    public func adding(days: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds + days * 86_400_000) }

    /// Hours from `self` to `later`, as a fraction.
    public func hours(until later: Timestamp) -> Double { Double(later.milliseconds - milliseconds) / 3_600_000 }

    /// ISO-8601 in UTC: `2026-01-22T09:00:00Z`, with `.SSS` only when there are milliseconds.
    public var iso8601: String { format(alwaysMilliseconds: false) }

    /// Writes the digits straight into a byte buffer: this runs for every stored event.
    private func format(alwaysMilliseconds: Bool) -> String {
        let seconds = milliseconds.floorDiv(1000)
        let millis = Int(milliseconds - seconds * 1000)
        let days = seconds.floorDiv(86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (y, m, d) = CivilDate.fromDays(days)
        let withMillis = alwaysMilliseconds || millis != 0
        return String(unsafeUninitializedCapacity: 24) { buffer in
            var i = 0
            func put(_ value: Int, _ width: Int) {
                var v = value
                for k in stride(from: width - 1, through: 0, by: -1) {
                    buffer[i + k] = UInt8(48 + v % 10)
                    v /= 10
                }
                i += width
            }
            func put(_ byte: UInt8) { buffer[i] = byte; i += 1 }
            put(Int(y), 4); put(0x2D); put(Int(m), 2); put(0x2D); put(Int(d), 2); put(0x54)
            put(secondOfDay / 3600, 2); put(0x3A); put(secondOfDay % 3600 / 60, 2); put(0x3A); put(secondOfDay % 60, 2)
            if withMillis { put(0x2E); put(millis, 3) }
            put(0x5A)
            return i
        }
    }

    public var description: String { iso8601 }

    /// Fixed-width ISO-8601 UTC with milliseconds, `2026-01-22T09:00:00.000Z`: the form
    /// stored in the database (text order is time order) and covered by the hash chain.
    public var storageText: String { format(alwaysMilliseconds: true) }

    /// Reads `storageText` back (falls back to the general parser for other forms).
    public init?(storageText text: String) {
        var text = text
        // The stored form read in place (no copy of its bytes); any other the long way.
        if let stored = text.withUTF8(Self.storedMilliseconds) {
            self.milliseconds = stored
            return
        }
        guard let parsed = try? Timestamp.parse(text) else { return nil }
        self = parsed
    }

    /// The milliseconds of a time in the stored form (`storageText`), read from its UTF-8
    /// bytes; nil for any other text.
    public static func storedMilliseconds(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        func num(_ from: Int, _ count: Int) -> Int64? {
            var v: Int64 = 0
            for i in from..<(from + count) {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                v = v * 10 + Int64(b[i] - 0x30)
            }
            return v
        }
        guard b.count == 24, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x2E, b[23] == 0x5A,
              let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
              let s = num(17, 2), let ms = num(20, 3) else { return nil }
        let days = CivilDate.toDays(year: y, month: mo, day: d)
        return ((days * 86_400 + h * 3600 + mi * 60 + s) * 1000) + ms
    }

    /// Parses ISO-8601 with a mandatory offset (`Z` or `±hh:mm`), optional fractional
    /// seconds. Refuses text without an offset and moments before 1970.
    public static func parse(_ text: String, field: String = "time") throws -> Timestamp {
        let allowed = "give an ISO-8601 time with an offset, e.g. 2026-01-22T09:00:00Z or 2026-01-22T11:00:00+02:00"
        guard text.count <= 40, hasStrictShape(text),
              let date = (try? plainStyle.parse(text)) ?? (try? fractionalStyle.parse(text))
        else {
            throw HangarError.invalidValue(field: field, value: text, allowed: allowed)
        }
        guard isRealCalendarTime(text) else {
            throw HangarError.invalidValue(field: field, value: text, allowed: "that day or time does not exist (check month length, hours 00-23, minutes and seconds 00-59)")
        }
        let stamp = Timestamp(date)
        guard stamp.milliseconds >= 0 else {
            throw HangarError.invalidValue(field: field, value: text, allowed: "times before 1970 are not accepted")
        }
        return stamp
    }

    /// `YYYY-MM-DDTHH:MM:SS`, optional fraction (1-9 digits), then `Z` or `±hh:mm` (hours
    /// 00-23, minutes 00-59) and nothing after: the system parser takes trailing text,
    /// `+05:99` and `+0500` too. The digits of the date and time are checked by
    /// `isRealCalendarTime`.
    static func hasStrictShape(_ text: String) -> Bool {
        let b = Array(text.utf8)
        func digit(_ i: Int) -> Int? { i < b.count && b[i] >= 0x30 && b[i] <= 0x39 ? Int(b[i] - 0x30) : nil }
        guard b.count >= 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A else { return false }
        var i = 19
        if b[i] == 0x2E {  // '.'
            i += 1
            let start = i
            while digit(i) != nil { i += 1 }
            guard i > start, i - start <= 9 else { return false }
        }
        if i == b.count - 1 { return b[i] == 0x5A }  // 'Z'
        guard b.count - i == 6, b[i] == 0x2B || b[i] == 0x2D, b[i + 3] == 0x3A,
              let h1 = digit(i + 1), let h2 = digit(i + 2), let m1 = digit(i + 4), let m2 = digit(i + 5),
              h1 * 10 + h2 <= 23, m1 * 10 + m2 <= 59 else { return false }
        return true
    }

    /// The parser rolls 2026-02-30 over into March; a record must say a day that exists.
    static func isRealCalendarTime(_ text: String) -> Bool {
        let b = Array(text.utf8.prefix(19))
        guard b.count == 19 else { return false }
        func number(_ range: Range<Int>) -> Int64? {
            var n: Int64 = 0
            for i in range {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                n = n * 10 + Int64(b[i] - 0x30)
            }
            return n
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10),
              let hh = number(11..<13), let mm = number(14..<16), let ss = number(17..<19),
              (1...12).contains(m), d >= 1, hh < 24, mm < 60, ss < 60
        else { return false }
        let back = CivilDate.fromDays(CivilDate.toDays(year: y, month: m, day: d))
        return back == (y, m, d)
    }

    private static let plainStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: false)
    private static let fractionalStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}

/// Days-from-civil conversion (proleptic Gregorian, UTC), exact in integers.
public enum CivilDate {
    public static func fromDays(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = z.floorDiv(146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    public static func toDays(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDiv(400)
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension Int64 {
    func floorDiv(_ d: Int64) -> Int64 {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}
