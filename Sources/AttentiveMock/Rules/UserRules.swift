/// Attentive's rules for the `user` object beyond its schema.
public enum UserRules {
    /// `+`, a non-zero digit, then 6 to 14 more digits.
    public static func isE164(_ phone: String) -> Bool {
        let digits = phone.utf8.dropFirst()
        return phone.utf8.first == UInt8(ascii: "+")
            && (7...15).contains(digits.count)
            && digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            && digits.first != UInt8(ascii: "0")
    }

    /// Checks `user` (at `path` in the body) and returns the key the fake files the
    /// person under: the phone when there is one, else the email.
    public static func key(of user: JSONValue?, at path: String = "user") throws(RuleViolation) -> String {
        let phone = user?["phone"]?.stringValue
        let email = user?["email"]?.stringValue
        if let phone, !isE164(phone) {
            throw RuleViolation("\(path).phone must be an E.164 number such as +13115552368")
        }
        if let email, email.isEmpty {
            throw RuleViolation("\(path).email must not be empty")
        }
        guard let key = phone ?? email else {
            throw RuleViolation("\(path) needs a phone or an email")
        }
        return key
    }
}
