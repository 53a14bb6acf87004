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

    /// The checked phone and email of `user` (at `path` in the body): at least one of
    /// them, the phone in E.164, neither empty.
    public static func contact(of user: JSONValue?, at path: String = "user") throws(RuleViolation) -> (phone: String?, email: String?) {
        let phone = user?["phone"]?.stringValue
        let email = user?["email"]?.stringValue
        if let phone, !isE164(phone) {
            throw RuleViolation("\(path).phone must be an E.164 number such as +13115552368")
        }
        if let email, email.isEmpty {
            throw RuleViolation("\(path).email must not be empty")
        }
        guard phone != nil || email != nil else {
            throw RuleViolation("\(path) needs a phone or an email")
        }
        return (phone, email)
    }

    /// The key the fake files a person under: the phone when there is one, else the email.
    public static func key(of user: JSONValue?, at path: String = "user") throws(RuleViolation) -> String {
        let (phone, email) = try contact(of: user, at: path)
        // `contact` guarantees one of the two.
        return phone ?? email ?? ""
    }
}
