import Foundation

/// The workshop's local time (DESIGN §13, §14): what people read (to the minute, in their
/// language's date order) and what they type (`--at` and forms without an offset). The
/// log, NDJSON and JSON stay UTC.
public enum LocalTime {
    /// An IANA zone name the machine's time zone database knows (`Asia/Almaty`, `UTC`).
    public static func zoneName(_ text: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= 64, trimmed.contains("/") || trimmed == "UTC", let zone = TimeZone(identifier: trimmed) else {
            throw HangarError.invalidValue(field: "timezone", value: Names.printable(text),
                                           allowed: "give an IANA time zone name such as Asia/Almaty or Europe/Moscow (or UTC)")
        }
        _ = zone
        return trimmed
    }

    static func zone(_ name: String?) -> TimeZone? { name.flatMap(TimeZone.init(identifier:)) }

    /// `2026-12-02 10:09` (English) or `02.12.2026 10:09` (Russian, Kazakh), truncated to the
    /// minute, in the zone; ` UTC` is added when the workshop has no zone.
    /// The time zone of whoever reads the message being worded (the workshop's; nil: UTC):
    /// refusals that name times show them in it.
    @TaskLocal public static var readersZone: String?

    /// A moment in a refusal about time order: local, to the second (two events in one
    /// minute must not read as the same time).
    public static func showPrecisely(_ t: Timestamp, _ language: Language) -> String {
        show(t, zone: readersZone, language, seconds: true)
    }

    public static func show(_ t: Timestamp, zone name: String?, _ language: Language, seconds withSeconds: Bool = false) -> String {
        let offset = zone(name).map { Int64($0.secondsFromGMT(for: t.date)) } ?? 0
        let seconds = (t.milliseconds.floorDiv(1000)) + offset
        let days = seconds.floorDiv(86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (y, m, d) = CivilDate.fromDays(days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let clock = "\(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60))" + (withSeconds ? ":\(two(secondOfDay % 60))" : "")
        return LocalFormat.date(year: Int(y), month: Int(m), day: Int(d), language) + " " + clock + (zone(name) == nil ? " UTC" : "")
    }

    /// A time as people type it: ISO-8601 with an offset anywhere; without an offset
    /// (`YYYY-MM-DD[T| ]HH:MM[:SS]`) only when the workshop has a zone, read in it. A local
    /// time that does not exist (a clock moved forward) is refused; one that happens twice
    /// takes the earlier.
    public static func parse(_ text: String, zone name: String?, field: String = "time") throws -> Timestamp {
        guard let civil = civilTime(text) else {
            // Written as a local time, but no such day or time (2026-02-29, 24:10): said so,
            // rather than asked for an offset it does not lack.
            let b = Array(text.utf8)
            if b.count == 16 || b.count == 19, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54 || b[10] == 0x20, b[13] == 0x3A {
                throw HangarError.invalidValue(field: field, value: Names.printable(text),
                                               allowed: "that day or time does not exist (check month length, hours 00-23, minutes and seconds 00-59)")
            }
            return try Timestamp.parse(text, field: field)
        }
        guard let tz = zone(name) else {
            throw HangarError.invalidValue(field: field, value: Names.printable(text), allowed:
                "give an offset, e.g. 2026-01-22T09:00:00Z or 2026-01-22T11:00:00+02:00 (a time without one is read in the workshop's time zone once it is set: hangar workshop set --timezone Asia/Almaty)")
        }
        let naive = civil
        let offsets = Set([tz.secondsFromGMT(for: Date(timeIntervalSince1970: Double(naive - 86_400))),
                           tz.secondsFromGMT(for: Date(timeIntervalSince1970: Double(naive + 86_400))),
                           tz.secondsFromGMT(for: Date(timeIntervalSince1970: Double(naive)))])
        let candidates = offsets.map { naive - Int64($0) }.filter { Int64(tz.secondsFromGMT(for: Date(timeIntervalSince1970: Double($0)))) == naive - $0 }
        guard let earliest = candidates.min() else {
            throw HangarError.invalidValue(field: field, value: Names.printable(text), allowed: "that local time does not exist in \(tz.identifier) (the clocks were moved forward)")
        }
        guard earliest >= 0 else {
            throw HangarError.invalidValue(field: field, value: Names.printable(text), allowed: "times before 1970 are not accepted")
        }
        return Timestamp(milliseconds: earliest * 1000)
    }

    /// Seconds since 1970 of `YYYY-MM-DD[T| ]HH:MM[:SS]` read as if in UTC, or nil when the
    /// text is not of that form (it may carry an offset, then Timestamp.parse reads it).
    static func civilTime(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count == 16 || b.count == 19 else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var n: Int64 = 0
            for i in range {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                n = n * 10 + Int64(b[i] - 0x30)
            }
            return n
        }
        guard b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54 || b[10] == 0x20, b[13] == 0x3A,
              let y = number(0..<4), let m = number(5..<7), let d = number(8..<10), let hh = number(11..<13), let mm = number(14..<16)
        else { return nil }
        var ss: Int64 = 0
        if b.count == 19 {
            guard b[16] == 0x3A, let s = number(17..<19) else { return nil }
            ss = s
        }
        guard (1...12).contains(m), d >= 1, hh < 24, mm < 60, ss < 60 else { return nil }
        let days = CivilDate.toDays(year: y, month: m, day: d)
        guard CivilDate.fromDays(days) == (y, m, d) else { return nil }
        return days * 86_400 + hh * 3600 + mm * 60 + ss
    }
}
