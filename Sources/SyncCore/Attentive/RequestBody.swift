/// JSON bodies of the requests the tool sends, written in a fixed order.
public enum RequestBody {
    /// `{"user": {"phone", "email"}}`: every valid identifier of the person.
    public static func user(_ user: UserIdentity) -> String {
        var members: [String] = []
        if let phone = user.phone { members.append("\"phone\":" + JSONText.quoted(phone)) }
        if let email = user.email { members.append("\"email\":" + JSONText.quoted(email)) }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// `POST /attributes/custom`: `{"user": …, "properties": …}`.
    public static func customAttributes(_ change: Change) -> String {
        "{\"user\":" + user(change.user) + ",\"properties\":" + change.properties + "}"
    }
}
