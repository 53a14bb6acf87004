/// One way a JSON value fails its schema: where (a JSON path such as `$.user.phone`)
/// and why.
public struct SchemaViolation: Error, Sendable, Hashable, CustomStringConvertible {
    /// The JSON path of the offending value, from `$` (the whole body).
    public var path: String
    /// What is wrong, in words.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `path: reason`, the form the fake answers with.
    public var description: String { "\(path): \(reason)" }
}
