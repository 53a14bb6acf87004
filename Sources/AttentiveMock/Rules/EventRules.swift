/// Attentive's rules for events beyond their schemas (`CustomEventsRequest`).
public enum EventRules {
    /// Characters a custom event's type cannot hold.
    public static let forbiddenInType: Set<Character> = ["\"", "'", "(", ")", "{", "}", "[", "]", "\\", "|", ","]
    /// Characters a custom event's property names cannot hold.
    public static let forbiddenInPropertyName: Set<Character> = ["\"", "{", "}", "[", "]", "\\", "|"]

    /// Checks a custom event's type and property names.
    static func checkCustomEvent(_ body: JSONValue?) throws(RuleViolation) {
        let type = body?["type"]?.stringValue ?? ""
        guard !type.allSatisfy(\.isWhitespace) else { throw RuleViolation("type must not be blank") }
        if type.contains(where: forbiddenInType.contains) {
            throw RuleViolation("type must not contain \" ' ( ) { } [ ] \\ | or ,")
        }
        for name in body?["properties"]?.objectValue?.keys.sorted() ?? [] where name.contains(where: forbiddenInPropertyName.contains) {
            throw RuleViolation("property names must not contain \" { } [ ] \\ or |")
        }
    }
}
