/// A UTC calendar day, as days since 1970-01-01.
public struct Day: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var index: Int64

    public init(index: Int64) { self.index = index }

    public init(year: Int, month: Int, day: Int) {
        index = CivilDate.toDays(year: Int64(year), month: Int64(month), day: Int64(day))
    }

    /// The day a moment falls on (UTC).
    public init(_ t: Timestamp) { index = t.milliseconds.floorDiv(86_400_000) }

    /// Parses `YYYY-MM-DD`.
    public static func parse(_ text: String, field: String) throws -> Day {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= Day.daysIn(year: y, month: m), y >= 1970
        else {
            throw HangarError.invalidValue(field: field, value: Names.printable(text), allowed: "give a UTC date as YYYY-MM-DD, e.g. 2026-11-16")
        }
        return Day(year: y, month: m, day: d)
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var components: (year: Int, month: Int, day: Int) {
        let (y, m, d) = CivilDate.fromDays(index)
        return (Int(y), Int(m), Int(d))
    }

    /// Midnight UTC at the start of the day.
    public var start: Timestamp { Timestamp(milliseconds: index * 86_400_000) }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int { Int((index + 3).floorMod(7)) + 1 }

    public func adding(days: Int64) -> Day { Day(index: index + days) }

    /// The Monday on or before this day.
    public var mondayOnOrBefore: Day { adding(days: -Int64(isoWeekday - 1)) }

    /// The first day of this day's month.
    public var firstOfMonth: Day {
        let c = components
        return Day(year: c.year, month: c.month, day: 1)
    }

    /// The first day of the next month.
    public var firstOfNextMonth: Day {
        let c = components
        return c.month == 12 ? Day(year: c.year + 1, month: 1, day: 1) : Day(year: c.year, month: c.month + 1, day: 1)
    }

    /// ISO 8601 week-numbering year and week.
    public var isoWeek: (year: Int, week: Int) {
        let thursday = adding(days: Int64(4 - isoWeekday))
        let year = thursday.components.year
        let firstDay = Day(year: year, month: 1, day: 1)
        return (year, Int((thursday.index - firstDay.index) / 7) + 1)
    }

    public var description: String {
        let c = components
        let mm = c.month < 10 ? "0\(c.month)" : "\(c.month)"
        let dd = c.day < 10 ? "0\(c.day)" : "\(c.day)"
        return "\(c.year)-\(mm)-\(dd)"
    }

    public static func < (a: Day, b: Day) -> Bool { a.index < b.index }
}

extension Int64 {
    func floorMod(_ d: Int64) -> Int64 { self - floorDiv(d) * d }
}
