/// `POST /subscriptions`: opts the user's phone into TEXT and email into EMAIL
/// marketing; answers 202 with `AddSubscriptionsResponseDto`. Opting in again is
/// answered `PREVIOUSLY_CREATED` and counted as a duplicate.
struct SubscribeEndpoint: MockEndpoint {
    let operationID = "addSubscriptions"

    func respond(to call: EndpointCall, store: MockStore) async -> EndpointReply {
        do throws(RuleViolation) {
            let (phone, email) = try UserRules.contact(of: call.body?["user"])
            guard let source = call.body?["signUpSourceId"]?.stringValue, !source.isEmpty else {
                throw RuleViolation("signUpSourceId must not be empty")
            }
            let changes = await store.subscribe(phone: phone, email: email, signUpSourceId: source)
            return .success(202, [
                "user": call.body?["user"] ?? [:],
                "subscriptionResponses": .array(changes.map { change in
                    ["subscription": ["type": .string(change.type), "channel": .string(change.channel)],
                     "subscriptionCreationStatus": .string(change.status)]
                }),
            ])
        } catch {
            return .refused(error)
        }
    }
}
