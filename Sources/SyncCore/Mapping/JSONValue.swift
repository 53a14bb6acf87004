/// A parsed JSON document, as the mapping loader walks it (read by `JSONParser`).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's text as written (`1.50`, `1e3`): a `Double` would round long numbers.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The name of the JSON type, for error messages.
    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
