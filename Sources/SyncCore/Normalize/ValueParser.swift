/// Reads a cell as its column's type, the way a mapping declares it.
///
/// Cells are trimmed and an empty cell is nil: the attribute is left out, not cleared.
/// Numbers keep a canonical literal (`12.50` → `12.5`); dates go out as `YYYY-MM-DD`
/// and datetimes as UTC (`2026-11-23T08:00:00Z`), read as ISO 8601 or by `format`.
public struct ValueParser: Sendable {
    public let type: ValueType
    /// The date pattern of a date or datetime column (`MM/dd/yyyy`); nil for ISO 8601.
    public let format: String?
    private let pattern: DatePattern?

    /// Throws `ValueFormatError` for a format that is not understood, or that is given
    /// for a type other than date and datetime.
    public init(type: ValueType, format: String? = nil) throws(ValueFormatError) {
        self.type = type
        self.format = format
        guard let format else {
            pattern = nil
            return
        }
        guard type == .date || type == .datetime else {
            throw ValueFormatError(format: format, reason: "a format applies only to date and datetime columns")
        }
        pattern = try DatePattern(format)
    }

    /// The cell's value, nil for an empty cell, or a `ValueError` saying what was expected.
    public func parse(_ raw: String) throws(ValueError) -> AttributeValue? {
        let text = raw.trimmedValue
        if text.isEmpty { return nil }
        switch type {
        case .string:
            return .string(text)
        case .number:
            return .number(try CanonicalNumber(text).literal)
        case .integer:
            let number = try CanonicalNumber(text)
            guard number.isWhole else { throw .notAnInteger }
            guard !number.hasExponent else { throw .integerOutOfRange }
            return .number(number.literal)
        case .boolean:
            return .boolean(try Self.boolean(text))
        case .date:
            return .string(try readDate(text).dateText)
        case .datetime:
            return .string(try readDateTime(text).utcText)
        }
    }

    private static func boolean(_ text: String) throws(ValueError) -> Bool {
        // ASCII case folding by hand: `lowercased()` is Unicode-aware and costs far more.
        var folded: UInt64 = 0
        for byte in text.utf8 {
            guard folded < 1 << 32, byte != 0 else { throw .notABoolean }
            let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            folded = folded << 8 | UInt64(lower)
        }
        switch folded {
        case Self.word("true"), Self.word("yes"), Self.word("y"), Self.word("1"): return true
        case Self.word("false"), Self.word("no"), Self.word("n"), Self.word("0"): return false
        default: throw .notABoolean
        }
    }

    /// Up to eight ASCII bytes packed big-endian into an integer, for `boolean`'s switch.
    private static func word(_ text: StaticString) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<text.utf8CodeUnitCount {
            value = value << 8 | UInt64(text.utf8Start[index])
        }
        return value
    }

    private func readDate(_ text: String) throws(ValueError) -> CalendarDateTime {
        let outcome = Self.read(text) { cursor in
            pattern?.read(&cursor) ?? ISO8601Text.date(&cursor)
        }
        switch outcome {
        case .value(let value): return value
        case .malformed: throw pattern.map { .notADate(format: $0.text) } ?? .notADate
        case .invalid: throw .noSuchDate
        }
    }

    private func readDateTime(_ text: String) throws(ValueError) -> CalendarDateTime {
        let outcome = Self.read(text) { cursor in
            pattern?.read(&cursor) ?? ISO8601Text.dateTime(&cursor)
        }
        switch outcome {
        case .value(let value):
            guard (0...9999).contains(value.year) else { throw .dateTimeOutOfRange }
            return value
        case .malformed: throw pattern.map { .notADateTime(format: $0.text) } ?? .notADateTime
        case .invalid: throw .noSuchDateTime
        }
    }

    private static func read(
        _ text: String, _ body: (inout DigitCursor) -> CalendarDateTime.Reading
    ) -> CalendarDateTime.Reading {
        var text = text
        return text.withUTF8 { bytes in
            var cursor = DigitCursor(bytes)
            return body(&cursor)
        }
    }
}
