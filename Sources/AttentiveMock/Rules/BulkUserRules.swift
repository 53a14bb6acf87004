/// Attentive's rules for one record of `POST /v2/bulk/user/attributes` beyond its schema,
/// checked when its job is processed: a record that breaks one fails on its own.
public enum BulkUserRules {
    /// What one valid record asks for.
    public struct Record: Sendable {
        /// The person's phone and email (`identifiers`).
        public var phone: String?
        public var email: String?
        /// `attributes.custom`.
        public var custom: [String: JSONValue]
        /// `(channel, type, signUpSourceId)` of each subscription.
        public var subscriptions: [(channel: String, type: String, signUpSourceId: String)]
        /// Identifiers to link (as `IdentityRules` lists them), when the record has more than a phone and email.
        public var links: [(name: String, value: String)]?

        /// The key the fake files the person under: the phone, else the email.
        public var key: String? { phone ?? email }
    }

    public static func record(_ value: JSONValue) throws(RuleViolation) -> Record {
        let identifiers = value["identifiers"]
        let phone = identifiers?["phone"]?.stringValue, email = identifiers?["email"]?.stringValue
        if let phone, !UserRules.isE164(phone) {
            throw RuleViolation("identifiers.phone must be an E.164 number such as +13115552368")
        }
        if email?.isEmpty == true { throw RuleViolation("identifiers.email must not be empty") }
        var record = Record(phone: phone, email: email, custom: value["attributes"]?["custom"]?.objectValue ?? [:], subscriptions: [])
        for (name, attribute) in record.custom where AttributeKind(of: attribute) == nil {
            throw RuleViolation("attributes.custom '\(name)' must be a string, number or boolean, got \(attribute.typeName)")
        }
        for subscription in value["subscriptions"]?.arrayValue ?? [] {
            guard let source = subscription["signUpSourceId"]?.stringValue, !source.isEmpty else {
                throw RuleViolation("subscriptions[].signUpSourceId must not be empty")
            }
            let channel = subscription["channel"]?.stringValue ?? ""
            guard let type = subscription["subscriptionType"]?.stringValue, !type.isEmpty else {
                throw RuleViolation("subscriptions[].subscriptionType must not be empty")
            }
            guard (channel == "TEXT" ? phone : email) != nil else {
                throw RuleViolation("a \(channel) subscription needs the person's \(channel == "TEXT" ? "phone" : "email") in identifiers")
            }
            record.subscriptions.append((channel, type, source))
        }
        if record.key == nil, !record.custom.isEmpty || !record.subscriptions.isEmpty {
            throw RuleViolation("identifiers needs a phone or an email")
        }
        let linked = (identifiers?.objectValue ?? [:]).keys.contains { $0 != "phone" && $0 != "email" }
        if linked {
            // The v1 identify's rules, with v2's `customIdentifiers: [{key, value}]`.
            var v1 = identifiers?.objectValue ?? [:]
            v1["customIdentifiers"] = v1["customIdentifiers"]?.arrayValue.map { list in
                .array(list.map { ["name": $0["key"] ?? .null, "value": $0["value"] ?? .null] })
            }
            record.links = try IdentityRules.identifiers(of: .object(v1))
        }
        return record
    }
}
