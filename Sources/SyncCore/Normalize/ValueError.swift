/// Why a cell could not be read as its column's type: the reason a row is rejected.
///
/// The reason names what was expected and never echoes the value, so customer data
/// stays out of logs and reports.
public struct ValueError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { reason }

    static let notANumber = ValueError(reason: "not a number")
    static let numberOutOfRange = ValueError(reason: "number out of range")
    static let notAnInteger = ValueError(reason: "not an integer")
    static let integerOutOfRange = ValueError(reason: "integer out of range")
    static let notABoolean = ValueError(reason: "not a boolean (expected true/false, yes/no, y/n or 1/0)")
    static let notADate = ValueError(reason: "not a date (expected YYYY-MM-DD)")
    static let notADateTime = ValueError(
        reason: "not a datetime (expected ISO 8601, e.g. 2026-11-23T08:00:00Z)"
    )
    static let noSuchDate = ValueError(reason: "not a valid date (no such day)")
    static let noSuchDateTime = ValueError(reason: "not a valid datetime (no such day or time)")
    static let dateTimeOutOfRange = ValueError(reason: "datetime out of range (years 0000 to 9999 in UTC)")

    static func notADate(format: String) -> ValueError {
        ValueError(reason: "not a date (expected \(format))")
    }

    static func notADateTime(format: String) -> ValueError {
        ValueError(reason: "not a datetime (expected \(format))")
    }
}

/// A column `format` that cannot be used: unknown pattern letters, a missing field,
/// or a format on a type that takes none. The description names the format.
public struct ValueFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The format as written in the mapping.
    public let format: String
    public let reason: String

    public var description: String { "format \"\(format)\": \(reason)" }
}
