import AttentiveMock
import Testing

/// Runs `body` against a fresh in-process fake on a free loopback port.
func withMock(_ configuration: MockConfiguration = MockConfiguration(), _ body: @Sendable (MockTestClient) async throws -> Void) async throws {
    try await AttentiveMockServer.withRunning(configuration: configuration) { server in
        try await body(MockTestClient(server: server))
    }
}

@Suite("attentive-mock: custom attributes")
struct MockCustomAttributesTests {
    @Test func validRequestIsAcceptedAndMerged() async throws {
        try await withMock { client in
            let first = try await client.api("POST", "/attributes/custom", body: [
                "user": ["phone": "+13115552368"],
                "properties": ["VIP": true, "Tier": "gold"],
            ])
            #expect(first.status == 200)
            #expect(first.body == nil)
            let second = try await client.api("POST", "/attributes/custom", body: [
                "user": ["phone": "+13115552368", "email": "ada@example.com"],
                "properties": ["Tier": "platinum", "Visits": 12],
            ])
            #expect(second.status == 200)
            let byEmail = try await client.api("POST", "/attributes/custom", body: [
                "user": ["email": "bob@example.com"], "properties": ["VIP": false],
            ])
            #expect(byEmail.status == 200)

            let attributes = try await client.inspect("/attributes")
            #expect(attributes == [
                "+13115552368": ["VIP": true, "Tier": "platinum", "Visits": 12],
                "bob@example.com": ["VIP": false],
            ])
        }
    }

    @Test(arguments: [
        (#"{"properties": {"A": 1}}"#, "$.user: is required"),
        (#"{"user": {}, "properties": {"A": 1}}"#, "$.user: must have at least 1 property"),
        (#"{"user": {"phone": "+13115552368", "name": "Ada"}, "properties": {}}"#, "$.user.name: is not an allowed property"),
        (#"{"user": {"phone": 13115552368}, "properties": {}}"#, "$.user.phone: expected string, got number"),
        (#"{"user": {"phone": "+13115552368"}, "properties": [1]}"#, "$.properties: expected object, got array"),
        (#"{"user": {"phone": "+13115552368"}"#, "$: the request body is not valid JSON"),
    ])
    func schemaViolationIs400(body: String, messagePrefix: String) async throws {
        try await withMock { client in
            let reply = try await client.api("POST", "/attributes/custom", json: body)
            #expect(reply.status == 400)
            #expect(reply.message?.hasPrefix(messagePrefix) == true, "\(reply.message ?? "no message")")
            let stats = try await client.stats()
            #expect(stats.int("schemaViolations") == 1)
            #expect(stats["statuses"]?.int("400") == 1)
            #expect(try await client.inspect("/attributes") == [:])
        }
    }

    @Test(arguments: [
        (["phone": "13115552368"], "user.phone must be an E.164 number such as +13115552368"),
        (["phone": "+1 311 555 2368"], "user.phone must be an E.164 number such as +13115552368"),
        (["externalIdentifiers": ["clientUserId": "42"]], "user needs a phone or an email"),
    ] as [(JSONValue, String)])
    func attentiveUserRulesAre400ButNotSchemaViolations(user: JSONValue, message: String) async throws {
        try await withMock { client in
            let reply = try await client.api("POST", "/attributes/custom", body: ["user": user, "properties": ["A": 1]])
            #expect(reply.status == 400)
            #expect(reply.message == message)
            let stats = try await client.stats()
            #expect(stats.int("schemaViolations") == 0)
            #expect(stats.int("ruleViolations") == 1)
        }
    }

    @Test func firstValueFixesTheAttributeType() async throws {
        try await withMock { client in
            let user: JSONValue = ["email": "ada@example.com"]
            #expect(try await client.api("POST", "/attributes/custom", body: ["user": user, "properties": ["VIP": true]]).status == 200)
            let changed = try await client.api("POST", "/attributes/custom", body: [
                "user": ["phone": "+447700900123"], "properties": ["VIP": "yes", "Other": 1],
            ])
            #expect(changed.status == 400)
            #expect(changed.message == "attribute 'VIP' is boolean, got string")
            // The whole request was refused: `Other` was neither stored nor typed.
            #expect(try await client.inspect("/attributes") == ["ada@example.com": ["VIP": true]])
            #expect(try await client.api("POST", "/attributes/custom", body: ["user": user, "properties": ["Other": "text"]]).status == 200)
            // Names are case sensitive.
            #expect(try await client.api("POST", "/attributes/custom", body: ["user": user, "properties": ["vip": "yes"]]).status == 200)
        }
    }

    @Test func valuesMustBeScalarsAndNamesShort() async throws {
        try await withMock { client in
            let user: JSONValue = ["phone": "+13115552368"]
            let array = try await client.api("POST", "/attributes/custom", body: ["user": user, "properties": ["Tags": ["a", "b"]]])
            #expect(array.status == 400)
            #expect(array.message == "attribute 'Tags' must be a string, number or boolean, got array")
            let null = try await client.api("POST", "/attributes/custom", body: ["user": user, "properties": ["Gone": .null]])
            #expect(null.message == "attribute 'Gone' must be a string, number or boolean, got null")
            let longName = String(repeating: "n", count: 201)
            let long = try await client.api("POST", "/attributes/custom", body: ["user": user, "properties": .object([longName: 1])])
            #expect(long.status == 400)
            #expect(long.message?.hasSuffix("is longer than 200 characters") == true)
            let exact = try await client.api("POST", "/attributes/custom", body: ["user": user, "properties": .object([String(longName.dropLast()): 1])])
            #expect(exact.status == 200)
        }
    }
}

@Suite("attentive-mock: auth, /me and inspection")
struct MockServerTests {
    @Test func meDescribesTheDemoCompany() async throws {
        try await withMock { client in
            let reply = try await client.api("GET", "/me")
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"] == "application/json")
            #expect(reply.body?["companyName"] == "Demo Company")
            #expect(reply.body?["applicationName"] == "attentive-sync demo")
            #expect(Set(reply.body?.objectValue?.keys ?? [:].keys) == ["applicationName", "attentiveDomainName", "companyName", "contactEmail", "companyId"])
        }
    }

    @Test func missingOrMalformedAuthIs401() async throws {
        try await withMock { client in
            var anonymous = client
            anonymous.apiKey = nil
            let missing = try await anonymous.api("GET", "/me")
            #expect(missing.status == 401)
            #expect(missing.headers["x-ratelimit-limit"] == "150")
            let stats = try await client.stats()
            #expect(stats.int("unauthorized") == 1)
            #expect(stats["statuses"]?.int("401") == 1)
        }
    }

    @Test func configuredKeyIsTheOnlyOneAccepted() async throws {
        try await withMock(MockConfiguration(apiKey: "right")) { client in
            var wrong = client
            wrong.apiKey = "wrong"
            let refused = try await wrong.api("GET", "/me")
            #expect(refused.status == 401)
            #expect(refused.message == "Invalid API key")
            var right = client
            right.apiKey = "right"
            let accepted = try await right.api("GET", "/me")
            #expect(accepted.status == 200)
        }
    }

    @Test func requestsAreLoggedInOrderAndResetClearsEverything() async throws {
        try await withMock { client in
            _ = try await client.api("GET", "/me")
            _ = try await client.api("POST", "/attributes/custom", body: ["user": ["phone": "+13115552368"], "properties": ["A": 1]])
            _ = try await client.api("POST", "/attributes/custom", json: #"{"user": {}}"#)

            let all = try await client.inspect("/requests")?.arrayValue ?? []
            #expect(all.map { $0["path"] } == ["/me", "/attributes/custom", "/attributes/custom"])
            #expect(all.map { $0["status"] } == [200, 200, 400])
            #expect(all[1]["method"] == "POST")
            #expect(all[1]["body"] == ["user": ["phone": "+13115552368"], "properties": ["A": 1]])
            #expect(all[0]["body"] == .null)
            let filtered = try await client.inspect("/requests?path=/attributes/custom")?.arrayValue ?? []
            #expect(filtered.count == 2)

            let stats = try await client.stats()
            #expect(stats["requests"] == ["GET /me": 1, "POST /attributes/custom": 2])
            #expect(stats["statuses"] == ["200": 2, "400": 1])

            _ = try await client.inspect("/reset", method: "POST")
            #expect(try await client.inspect("/requests") == [])
            #expect(try await client.inspect("/attributes") == [:])
            #expect(try await client.stats().int("schemaViolations") == 0)
        }
    }

    @Test func unknownAndUnimplementedEndpoints() async throws {
        try await withMock { client in
            #expect(try await client.api("GET", "/nothing-here").status == 404)
            #expect(try await client.api("DELETE", "/me").status == 405)
            let unimplemented = try await client.api("POST", "/privacy/delete-request")
            #expect(unimplemented.status == 501)
            #expect(unimplemented.message?.contains("addDeleteRequest") == true)
        }
    }
}
