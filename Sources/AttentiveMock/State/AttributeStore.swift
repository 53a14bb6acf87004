/// The custom attributes the fake has accepted, merged per person, and the type each
/// attribute name was fixed to by its first value (company-wide, as in Attentive).
public struct AttributeStore: Sendable {
    /// Longest attribute name Attentive accepts.
    public static let maximumNameLength = 200

    /// Current attributes by person key (phone, else email).
    public private(set) var attributesByUser: [String: [String: JSONValue]] = [:]
    /// The type each attribute name was fixed to.
    public private(set) var kinds: [String: AttributeKind] = [:]

    public init() {}

    /// Checks every property, then merges them all into `user`'s attributes; a request
    /// with one bad property changes nothing.
    public mutating func merge(_ properties: [String: JSONValue], into user: String) throws(RuleViolation) {
        var newKinds: [String: AttributeKind] = [:]
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            if name.isEmpty {
                throw RuleViolation("attribute names must not be empty")
            }
            if name.count > Self.maximumNameLength {
                throw RuleViolation("attribute name '\(name.prefix(40))…' is longer than \(Self.maximumNameLength) characters")
            }
            guard let kind = AttributeKind(of: value) else {
                throw RuleViolation("attribute '\(name)' must be a string, number or boolean, got \(value.typeName)")
            }
            if let fixed = kinds[name], fixed != kind {
                throw RuleViolation("attribute '\(name)' is \(fixed.rawValue), got \(kind.rawValue)")
            }
            newKinds[name] = kind
        }
        kinds.merge(newKinds) { fixed, _ in fixed }
        attributesByUser[user, default: [:]].merge(properties) { _, new in new }
    }
}
