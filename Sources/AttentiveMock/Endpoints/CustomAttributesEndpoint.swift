/// `POST /attributes/custom`: merges scalar attributes into a person, the first value
/// of each attribute fixing its type. Answers 200 with an empty body.
struct CustomAttributesEndpoint: MockEndpoint {
    let operationID = "postCustomAttributes"

    func respond(to call: EndpointCall, store: MockStore) async -> EndpointReply {
        do throws(RuleViolation) {
            let user = try UserRules.key(of: call.body?["user"])
            try await store.mergeAttributes(call.body?["properties"]?.objectValue ?? [:], into: user)
            return .success()
        } catch {
            return .refused(error)
        }
    }
}
