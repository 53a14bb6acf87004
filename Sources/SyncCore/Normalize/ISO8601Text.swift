/// Reads the ISO 8601 forms the sync accepts without a `format`:
/// dates `YYYY-MM-DD`, and datetimes `YYYY-MM-DDTHH:MM[:SS[.fraction]]` with `T` or a
/// space, and a zone `Z`, `±HH:MM`, `±HHMM`, `±HH` or none (UTC).
enum ISO8601Text {
    static func date(_ cursor: inout DigitCursor) -> CalendarDateTime.Reading {
        guard let date = readDate(&cursor), cursor.isAtEnd else { return .malformed }
        return date.isValid ? .value(date) : .invalid
    }

    /// The datetime converted to UTC.
    static func dateTime(_ cursor: inout DigitCursor) -> CalendarDateTime.Reading {
        guard var value = readDate(&cursor),
              cursor.take(anyOf: UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")) != nil,
              let hour = cursor.digits(2), cursor.take(UInt8(ascii: ":")),
              let minute = cursor.digits(2)
        else { return .malformed }
        value.hour = hour
        value.minute = minute
        if cursor.take(UInt8(ascii: ":")) {
            guard let second = cursor.digits(2) else { return .malformed }
            value.second = second
            if cursor.take(anyOf: UInt8(ascii: "."), UInt8(ascii: ",")) != nil {
                guard let milliseconds = readFraction(&cursor) else { return .malformed }
                value.millisecond = milliseconds
            }
        }
        guard let offset = readZone(&cursor), cursor.isAtEnd else { return .malformed }
        guard value.isValid, let offset else { return .invalid }
        return .value(value.adding(minutes: -offset))
    }

    /// A whole text read as a date (`YYYY-MM-DD`) or else a datetime (in UTC); nil for any other text.
    static func value(_ text: String) -> CalendarDateTime? {
        var text = text
        return text.withUTF8 { bytes in
            var cursor = DigitCursor(bytes)
            if case .value(let date) = date(&cursor) { return date }
            cursor = DigitCursor(bytes)
            guard case .value(let dateTime) = dateTime(&cursor) else { return nil }
            return dateTime
        }
    }

    private static func readDate(_ cursor: inout DigitCursor) -> CalendarDateTime? {
        guard let year = cursor.digits(4), cursor.take(UInt8(ascii: "-")),
              let month = cursor.digits(2), cursor.take(UInt8(ascii: "-")),
              let day = cursor.digits(2)
        else { return nil }
        return CalendarDateTime(year: year, month: month, day: day)
    }

    /// Milliseconds from one or more fraction digits; digits past the third are dropped.
    private static func readFraction(_ cursor: inout DigitCursor) -> Int? {
        let start = cursor.index
        guard var milliseconds = cursor.digits(1, 3) else { return nil }
        for _ in (cursor.index - start)..<3 { milliseconds *= 10 }
        _ = cursor.digits(0, Int.max)
        return milliseconds
    }

    /// The zone's offset east of UTC in minutes: nil on a malformed zone, and an inner
    /// nil for an offset out of range.
    private static func readZone(_ cursor: inout DigitCursor) -> Int?? {
        if cursor.isAtEnd { return .some(0) }
        if cursor.take(anyOf: UInt8(ascii: "Z"), UInt8(ascii: "z")) != nil { return .some(0) }
        guard let sign = cursor.take(anyOf: UInt8(ascii: "+"), UInt8(ascii: "-")),
              let hours = cursor.digits(2)
        else { return nil }
        var minutes = 0
        if cursor.take(UInt8(ascii: ":")) {
            guard let value = cursor.digits(2) else { return nil }
            minutes = value
        } else if let value = cursor.digits(2) {
            minutes = value
        }
        guard hours <= 23, minutes <= 59 else { return .some(nil) }
        let offset = hours * 60 + minutes
        return .some(sign == UInt8(ascii: "-") ? -offset : offset)
    }
}
