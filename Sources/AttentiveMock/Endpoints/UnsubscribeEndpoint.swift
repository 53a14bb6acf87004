/// `POST /subscriptions/unsubscribe`: opts the user out of the listed subscriptions,
/// or of all they hold when `subscriptions` is omitted; answers 202 with
/// `UnsubscribeSubscriptionsResponseDto`.
struct UnsubscribeEndpoint: MockEndpoint {
    let operationID = "unsubscribeSubscriptions"

    func respond(to call: EndpointCall, store: MockStore) async -> EndpointReply {
        do throws(RuleViolation) {
            let (phone, email) = try UserRules.contact(of: call.body?["user"])
            let requested = try call.body?["subscriptions"]?.arrayValue.map { list throws(RuleViolation) in
                try Self.requested(list, phone: phone, email: email)
            }
            let changes = await store.unsubscribe(phone: phone, email: email, requested: requested)
            return .success(202, [
                "user": call.body?["user"] ?? [:],
                "subscriptionResponses": .array(changes.map { change in
                    ["subscription": ["type": .string(change.type), "channel": .string(change.channel)],
                     "subscriptionUnsubscribeStatus": .string(change.status)]
                }),
            ])
        } catch {
            return .refused(error)
        }
    }

    /// The `(type, channel)` pairs asked for; a channel needs the identifier that reaches it.
    private static func requested(_ list: [JSONValue], phone: String?, email: String?) throws(RuleViolation) -> [(type: String?, channel: String?)] {
        var pairs: [(type: String?, channel: String?)] = []
        for (index, entry) in list.enumerated() {
            let channel = entry["channel"]?.stringValue
            if channel == "TEXT", phone == nil {
                throw RuleViolation("subscriptions[\(index)]: a TEXT subscription needs user.phone")
            }
            if channel == "EMAIL", email == nil {
                throw RuleViolation("subscriptions[\(index)]: an EMAIL subscription needs user.email")
            }
            pairs.append((entry["type"]?.stringValue, channel))
        }
        return pairs
    }
}
