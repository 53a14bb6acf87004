/// `POST /identity-resolution/user-identifiers`: links identifiers; answers 202 with
/// an empty body.
struct IdentifyEndpoint: MockEndpoint {
    let operationID = "identify"

    func respond(to call: EndpointCall, store: MockStore) async -> EndpointReply {
        do throws(RuleViolation) {
            let identifiers = try IdentityRules.identifiers(of: call.body)
            await store.recordIdentity(identifiers)
            return .success(202)
        } catch {
            return .refused(error)
        }
    }
}
