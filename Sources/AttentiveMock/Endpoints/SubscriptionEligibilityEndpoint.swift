/// `GET /subscriptions?phone=…|email=…`: the subscriptions known for the person, each
/// eligible while it is active (`GetSubscriptionsResponseDto`).
struct SubscriptionEligibilityEndpoint: MockEndpoint {
    let operationID = "getSubscriptions"

    func respond(to call: EndpointCall, store: MockStore) async -> EndpointReply {
        do throws(RuleViolation) {
            let user: JSONValue = .object(call.query.filter { ["phone", "email"].contains($0.key) }.mapValues(JSONValue.string))
            let (phone, email) = try UserRules.contact(of: user, at: "query")
            let eligibilities = await store.subscriptionEligibilities(phone: phone, email: email)
            return .success(200, [
                "subscriptionEligibilities": .array(eligibilities.map { key, isEligible in
                    ["subscription": ["type": .string(key.type), "channel": .string(key.channel)],
                     "eligibility": ["isEligible": .bool(isEligible)]]
                }),
            ])
        } catch {
            return .refused(error)
        }
    }
}
