/// A proleptic Gregorian date and time of day, with the arithmetic done by hand
/// (days from the civil date, after Howard Hinnant's algorithms): fast, and the same
/// on every machine, with no time zone database or `DateFormatter` involved.
struct CalendarDateTime: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour = 0
    var minute = 0
    var second = 0
    var millisecond = 0

    /// What reading a cell found: a value, text of another shape, or the right shape
    /// naming no real day or time (2026-02-30, 25:00).
    enum Reading: Equatable {
        case value(CalendarDateTime)
        case malformed
        case invalid
    }

    /// True when the date exists (2026-02-30 does not) and the time is on a clock face.
    var isValid: Bool {
        guard (0...9999).contains(year), (1...12).contains(month) else { return false }
        guard day >= 1, day <= Self.daysIn(month: month, year: year) else { return false }
        return (0...23).contains(hour) && (0...59).contains(minute)
            && (0...59).contains(second) && (0...999).contains(millisecond)
    }

    /// Whole seconds since 1970-01-01T00:00:00 (of the same clock: UTC for a UTC value).
    var secondsSince1970: Int {
        Self.daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
    }

    /// The same instant `minutes` later (earlier when negative).
    func adding(minutes: Int) -> CalendarDateTime {
        let total = Self.daysFromCivil(year: year, month: month, day: day) * 1440
            + hour * 60 + minute + minutes
        let days = total >= 0 ? total / 1440 : (total - 1439) / 1440
        let minuteOfDay = total - days * 1440
        let (y, m, d) = Self.civilFromDays(days)
        return CalendarDateTime(
            year: y, month: m, day: d, hour: minuteOfDay / 60, minute: minuteOfDay % 60,
            second: second, millisecond: millisecond
        )
    }

    /// `YYYY-MM-DD`.
    var dateText: String {
        var out: [UInt8] = []
        out.reserveCapacity(10)
        appendDate(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, or `…SS.sssZ` when the milliseconds are not zero.
    var utcText: String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        appendDate(to: &out)
        out.append(UInt8(ascii: "T"))
        Self.append(hour, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        Self.append(minute, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        Self.append(second, width: 2, to: &out)
        if millisecond != 0 {
            out.append(UInt8(ascii: "."))
            Self.append(millisecond, width: 3, to: &out)
        }
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    private func appendDate(to out: inout [UInt8]) {
        Self.append(year, width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        Self.append(month, width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        Self.append(day, width: 2, to: &out)
    }

    private static func append(_ value: Int, width: Int, to out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date `days` after 1970-01-01.
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
