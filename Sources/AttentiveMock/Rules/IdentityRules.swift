/// Attentive's rules for `POST /identity-resolution/user-identifiers` beyond its schema.
public enum IdentityRules {
    /// Longest identifier value Attentive accepts.
    public static let maximumLength = 100

    /// Checks an identify body and returns its identifiers as `(name, value)` pairs
    /// (custom identifiers as `custom:<name>`): at least two, one of them a client user
    /// id or a custom identifier, none empty or over 100 characters, the phone in E.164.
    public static func identifiers(of body: JSONValue?) throws(RuleViolation) -> [(name: String, value: String)] {
        var identifiers: [(name: String, value: String)] = []
        for name in ["phone", "email", "shopifyId", "klaviyoId", "clientUserId"] {
            if let value = body?[name]?.stringValue { identifiers.append((name, value)) }
        }
        for custom in body?["customIdentifiers"]?.arrayValue ?? [] {
            if let name = custom["name"]?.stringValue, let value = custom["value"]?.stringValue {
                identifiers.append(("custom:\(name)", value))
            }
        }
        for (name, value) in identifiers {
            if value.isEmpty {
                throw RuleViolation("\(name) must not be empty (omit identifiers you do not have)")
            }
            if value.count > maximumLength {
                throw RuleViolation("\(name) is longer than \(maximumLength) characters")
            }
        }
        if let phone = body?["phone"]?.stringValue, !UserRules.isE164(phone) {
            throw RuleViolation("phone must be an E.164 number such as +13115552368")
        }
        guard identifiers.count >= 2 else {
            throw RuleViolation("at least two identifiers are needed, got \(identifiers.count)")
        }
        guard identifiers.contains(where: { $0.name == "clientUserId" || $0.name.hasPrefix("custom:") }) else {
            throw RuleViolation("a clientUserId or custom identifier is needed to link to the other identifiers")
        }
        return identifiers
    }
}
