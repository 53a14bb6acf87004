/// `GET /me`: who the key belongs to (`GetMeResponseDto`).
struct MeEndpoint: MockEndpoint {
    let operationID = "getMe"

    func respond(to call: EndpointCall, store: MockStore) async -> EndpointReply {
        .success(200, [
            "applicationName": "attentive-sync demo",
            "attentiveDomainName": "demo.attn.tv",
            "companyName": "Demo Company",
            "contactEmail": "demo@example.com",
            "companyId": "MDc6Q29tcGFueURlbW8",
        ])
    }
}
