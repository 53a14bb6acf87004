/// JSON bodies of the requests the tool sends, written in a fixed order.
public enum RequestBody {
    /// `{"phone", "email"}`: every valid identifier of the person.
    public static func user(_ user: UserIdentity) -> String {
        var members: [String] = []
        if let phone = user.phone { members.append("\"phone\":" + JSONText.quoted(phone)) }
        if let email = user.email { members.append("\"email\":" + JSONText.quoted(email)) }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// `POST /attributes/custom`: `{"user": …, "properties": …}` (properties as canonical JSON).
    public static func customAttributes(user: UserIdentity, properties: String) -> String {
        "{\"user\":" + Self.user(user) + ",\"properties\":" + properties + "}"
    }

    /// `POST /subscriptions`: the person by the one address of the channel.
    public static func subscribe(_ subscription: SubscriptionRef, signUpSourceId: String) -> String {
        "{\"user\":" + user(subscription.user) + ",\"signUpSourceId\":" + JSONText.quoted(signUpSourceId) + "}"
    }

    /// `POST /subscriptions/unsubscribe` for exactly this type and channel.
    public static func unsubscribe(_ subscription: SubscriptionRef) -> String {
        "{\"user\":" + user(subscription.user) + ",\"subscriptions\":[{\"type\":\"\(subscription.type.rawValue)\",\"channel\":\"\(subscription.channel.rawValue)\"}]}"
    }

    /// `POST /identity-resolution/user-identifiers`: the person's phone and email and the links present.
    public static func identify(user: UserIdentity, links: [String: String]) -> String {
        "{" + identifierMembers(user: user, links: links, customName: "name").joined(separator: ",") + "}"
    }

    /// The person's `phone` and `email`, the named links, then `customIdentifiers`, as members of
    /// one object; a custom identifier's name goes under `customName` (v1 `name`, v2 `key`).
    static func identifierMembers(user: UserIdentity, links: [String: String], customName: String) -> [String] {
        var members: [String] = []
        if let phone = user.phone { members.append("\"phone\":" + JSONText.quoted(phone)) }
        if let email = user.email { members.append("\"email\":" + JSONText.quoted(email)) }
        var custom: [String] = []
        for name in links.keys.sorted() {
            let value = JSONText.quoted(links[name]!)
            if name.hasPrefix(IdentityLinksMapping.customPrefix) {
                let short = String(name.dropFirst(IdentityLinksMapping.customPrefix.count))
                custom.append("{\"\(customName)\":" + JSONText.quoted(short) + ",\"value\":" + value + "}")
            } else {
                members.append(JSONText.quoted(name) + ":" + value)
            }
        }
        if !custom.isEmpty { members.append("\"customIdentifiers\":[" + custom.joined(separator: ",") + "]") }
        return members
    }
}

extension SubscriptionRef {
    /// The `user` of a subscription request: only the channel's address.
    var user: UserIdentity {
        switch channel {
        case .text: UserIdentity(phone: address)
        case .email: UserIdentity(email: address)
        }
    }
}
