import AttentiveMock
import Testing

@Suite("attentive-mock: subscriptions and identities")
struct MockSubscriptionTests {
    @Test func subscribeCheckAndDuplicate() async throws {
        try await withMock { client in
            let subscribe: JSONValue = ["user": ["phone": "+13115552368", "email": "ada@example.com"], "signUpSourceId": "123"]
            let created = try await client.api("POST", "/subscriptions", body: subscribe)
            #expect(created.status == 202)
            #expect(created.body?["subscriptionResponses"] == [
                ["subscription": ["type": "MARKETING", "channel": "TEXT"], "subscriptionCreationStatus": "NEWLY_CREATED"],
                ["subscription": ["type": "MARKETING", "channel": "EMAIL"], "subscriptionCreationStatus": "NEWLY_CREATED"],
            ])

            let eligibility = try await client.api("GET", "/subscriptions?phone=%2B13115552368")
            #expect(eligibility.status == 200)
            #expect(eligibility.body == ["subscriptionEligibilities": [
                ["subscription": ["type": "MARKETING", "channel": "TEXT"], "eligibility": ["isEligible": true]],
            ]])
            let unknown = try await client.api("GET", "/subscriptions?email=nobody@example.com")
            #expect(unknown.body == ["subscriptionEligibilities": []])

            let again = try await client.api("POST", "/subscriptions", body: ["user": ["phone": "+13115552368"], "signUpSourceId": "123"])
            #expect(again.body?["subscriptionResponses"]?.arrayValue?.first?["subscriptionCreationStatus"] == "PREVIOUSLY_CREATED")
            #expect(try await client.stats().int("duplicateSubscriptions") == 1)
            let held = try await client.inspect("/subscriptions")?.arrayValue ?? []
            #expect(held.count == 2)
            #expect(held.first == ["address": "+13115552368", "channel": "TEXT", "type": "MARKETING", "subscribed": true, "signUpSourceId": "123"])
        }
    }

    @Test func unsubscribeSomeOrEverything() async throws {
        try await withMock { client in
            let user: JSONValue = ["phone": "+13115552368", "email": "ada@example.com"]
            _ = try await client.api("POST", "/subscriptions", body: ["user": user, "signUpSourceId": "1"])

            let text = try await client.api("POST", "/subscriptions/unsubscribe", body: [
                "user": user, "subscriptions": [["type": "MARKETING", "channel": "TEXT"]],
            ])
            #expect(text.status == 202)
            #expect(text.body?["subscriptionResponses"] == [
                ["subscription": ["type": "MARKETING", "channel": "TEXT"], "subscriptionUnsubscribeStatus": "NEWLY_UNSUBSCRIBED"],
            ])
            let everything = try await client.api("POST", "/subscriptions/unsubscribe", body: ["user": user])
            #expect(everything.body?["subscriptionResponses"] == [
                ["subscription": ["type": "MARKETING", "channel": "TEXT"], "subscriptionUnsubscribeStatus": "PREVIOUSLY_UNSUBSCRIBED"],
                ["subscription": ["type": "MARKETING", "channel": "EMAIL"], "subscriptionUnsubscribeStatus": "NEWLY_UNSUBSCRIBED"],
            ])
            let eligibility = try await client.api("GET", "/subscriptions?email=ada@example.com")
            #expect(eligibility.body?["subscriptionEligibilities"]?.arrayValue?.first?["eligibility"] == ["isEligible": false])
        }
    }

    @Test func subscriptionRules() async throws {
        try await withMock { client in
            let badEnum = try await client.api("POST", "/subscriptions/unsubscribe", body: [
                "user": ["phone": "+13115552368"], "subscriptions": [["type": "MARKETING", "channel": "PIGEON"]],
            ])
            #expect(badEnum.status == 400)
            #expect(badEnum.message == "$.subscriptions[0].channel: must be one of TEXT, EMAIL")
            let noPhone = try await client.api("POST", "/subscriptions/unsubscribe", body: [
                "user": ["email": "ada@example.com"], "subscriptions": [["type": "MARKETING", "channel": "TEXT"]],
            ])
            #expect(noPhone.message == "subscriptions[0]: a TEXT subscription needs user.phone")
            let noSource = try await client.api("POST", "/subscriptions", body: ["user": ["phone": "+13115552368"]])
            #expect(noSource.message == "$.signUpSourceId: is required")
            let noQuery = try await client.api("GET", "/subscriptions")
            #expect(noQuery.status == 400)
            #expect(noQuery.message == "query needs a phone or an email")
            // Requests keep their own budget: subscribe is 10/s.
            #expect(noSource.headers["x-ratelimit-limit"] == "10")
        }
    }

    @Test func identifyNeedsTwoIdentifiersIncludingAClientOrCustomOne() async throws {
        try await withMock { client in
            let linked = try await client.api("POST", "/identity-resolution/user-identifiers", body: [
                "phone": "+13115552368", "clientUserId": "u-1", "customIdentifiers": [["name": "loyalty", "value": "L-9"]],
            ])
            #expect(linked.status == 202)
            #expect(linked.body == nil)
            #expect(try await client.inspect("/identities") == [["phone": "+13115552368", "clientUserId": "u-1", "custom:loyalty": "L-9"]])

            let cases: [(JSONValue, String)] = [
                (["clientUserId": "u-1"], "at least two identifiers are needed, got 1"),
                (["phone": "+13115552368", "email": "ada@example.com"], "a clientUserId or custom identifier is needed to link to the other identifiers"),
                (["email": "", "clientUserId": "u-1"], "email must not be empty (omit identifiers you do not have)"),
                (["email": .string(String(repeating: "e", count: 101)), "clientUserId": "u-1"], "email is longer than 100 characters"),
                (["phone": "555-0100", "clientUserId": "u-1"], "phone must be an E.164 number such as +13115552368"),
            ]
            for (body, message) in cases {
                let refused = try await client.api("POST", "/identity-resolution/user-identifiers", body: body)
                #expect(refused.status == 400)
                #expect(refused.message == message)
            }
            #expect(linked.headers["x-ratelimit-limit"] == "10")
        }
    }
}
