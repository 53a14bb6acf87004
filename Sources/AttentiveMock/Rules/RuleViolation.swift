/// A request that fits the schema but breaks one of Attentive's own rules (E.164
/// phones, attribute types, …): answered 400 with `message`, and not counted as a
/// schema violation.
public struct RuleViolation: Error, Sendable, Hashable, CustomStringConvertible {
    /// Says what is wrong without repeating the person's data.
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
