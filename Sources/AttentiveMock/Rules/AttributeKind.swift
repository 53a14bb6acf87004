/// The type a custom attribute takes on when it is first seen; later values must match.
public enum AttributeKind: String, Sendable, Hashable {
    case string
    case number
    case boolean

    /// The kind of a scalar, or `nil` for null, arrays and objects (which Attentive refuses).
    public init?(of value: JSONValue) {
        switch value {
        case .string: self = .string
        case .number: self = .number
        case .bool: self = .boolean
        case .null, .array, .object: return nil
        }
    }
}
