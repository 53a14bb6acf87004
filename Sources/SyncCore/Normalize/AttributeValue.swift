/// A typed scalar as Attentive receives it: custom attribute values are scalars only.
///
/// Numbers keep a canonical decimal literal (`12.50` → `12.5`, `1e3` → `1000`) so that
/// comparing two values compares what they mean, and nothing is lost to floating point.
public enum AttributeValue: Sendable, Hashable {
    case string(String)
    /// A canonical JSON number literal.
    case number(String)
    case boolean(Bool)

    /// Appends the value as a JSON literal, as a request body carries it.
    func appendJSONLiteral(to bytes: inout [UInt8]) {
        switch self {
        case .string(let s): JSONText.appendQuoted(s, to: &bytes)
        case .number(let n): bytes.append(contentsOf: n.utf8)
        case .boolean(let b): bytes.append(contentsOf: (b ? "true" : "false").utf8)
        }
    }

    /// The value as a person reads it in a report.
    public var displayText: String {
        switch self {
        case .string(let s): return s
        case .number(let n): return n
        case .boolean(let b): return b ? "true" : "false"
        }
    }
}

/// The types a mapped column can be read as.
public enum ValueType: String, Sendable, CaseIterable {
    case string, number, integer, boolean, date, datetime
}
