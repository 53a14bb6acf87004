import AttentiveMock
import Testing

@Suite("attentive-mock: rate limits and injected faults")
struct MockLimitsAndFaultsTests {
    @Test func everyAnswerCarriesTheRateLimitHeaders() async throws {
        try await withMock { client in
            let first = try await client.api("GET", "/me")
            #expect(first.headers["x-ratelimit-limit"] == "150")
            #expect(first.headers["x-ratelimit-remaining"] == "149")
            let refused = try await client.api("POST", "/attributes/custom", json: "{}")
            #expect(refused.status == 400)
            #expect(refused.headers["x-ratelimit-limit"] == "150")
            #expect(refused.headers["x-ratelimit-remaining"] != nil)
        }
    }

    @Test func overBudgetIs429WithHeadersAndNoRetryAfter() async throws {
        // 150/s × 0.0001 = one request, refilled every ~67 s: a loaded machine stalling this test
        // for seconds between the two requests still sees the second refused.
        try await withMock(MockConfiguration(rateScale: 0.0001)) { client in
            let body: JSONValue = ["user": ["phone": "+13115552368"], "properties": ["A": 1]]
            let allowed = try await client.api("POST", "/attributes/custom", body: body)
            #expect(allowed.status == 200)
            #expect(allowed.headers["x-ratelimit-limit"] == "1")
            #expect(allowed.headers["x-ratelimit-remaining"] == "0")

            let limited = try await client.api("POST", "/attributes/custom", body: body)
            #expect(limited.status == 429)
            #expect(limited.headers["x-ratelimit-limit"] == "1")
            #expect(limited.headers["x-ratelimit-remaining"] == "0")
            #expect(limited.headers["retry-after"] == nil)

            // Each endpoint has its own budget.
            #expect(try await client.api("GET", "/me").status == 200)

            let stats = try await client.stats()
            #expect(stats.int("rateLimited") == 1)
            #expect(stats["statuses"]?.int("429") == 1)
            let log = try await client.inspect("/requests")?.arrayValue ?? []
            #expect(log.map { $0["status"] } == [200, 429, 200])
        }
    }

    @Test func failRateOneAnswers500BeforeProcessing() async throws {
        try await withMock(MockConfiguration(failRate: 1)) { client in
            let reply = try await client.api("POST", "/attributes/custom", body: ["user": ["phone": "+13115552368"], "properties": ["A": 1]])
            #expect(reply.status == 500)
            #expect(reply.headers["x-ratelimit-limit"] == "150")
            #expect(try await client.inspect("/attributes") == [:])
            let stats = try await client.stats()
            #expect(stats.int("injectedFailures") == 1)
            #expect(stats["statuses"]?.int("500") == 1)
        }
    }

    @Test func dropRateOneProcessesTheRequestButLosesTheAnswer() async throws {
        try await withMock(MockConfiguration(dropRate: 1)) { client in
            await #expect(throws: (any Error).self) {
                try await client.api("POST", "/subscriptions", body: ["user": ["phone": "+13115552368"], "signUpSourceId": "1"])
            }
            // The subscription took effect although its answer never arrived.
            let held = try await client.inspect("/subscriptions")?.arrayValue ?? []
            #expect(held.first?["subscribed"] == true)
            let log = try await client.inspect("/requests")?.arrayValue ?? []
            #expect(log.first?["dropped"] == true)
            #expect(log.first?["status"] == 202)
            let stats = try await client.stats()
            #expect(stats.int("droppedAnswers") == 1)
            #expect(stats["statuses"] == [:])
            // Refusals before the endpoint (here 401) are never dropped.
            var anonymous = client
            anonymous.apiKey = nil
            let refused = try await anonymous.api("GET", "/me")
            #expect(refused.status == 401)
        }
    }

    @Test func aSeedMakesInjectedFailuresRepeatable() async throws {
        let configuration = MockConfiguration(failRate: 0.5, seed: 42)
        func statuses() async throws -> [Int] {
            try await AttentiveMockServer.withRunning(configuration: configuration) { server in
                var statuses: [Int] = []
                for _ in 0..<20 {
                    statuses.append(try await MockTestClient(server: server).api("GET", "/me").status)
                }
                return statuses
            }
        }
        let first = try await statuses()
        #expect(first.contains(500) && first.contains(200))
        #expect(try await statuses() == first)
    }

    @Test func latencyDelaysTheAnswer() async throws {
        try await withMock(MockConfiguration(latency: .milliseconds(200))) { client in
            let started = ContinuousClock.now
            let reply = try await client.api("GET", "/me")
            #expect(reply.status == 200)
            #expect(ContinuousClock.now - started >= .milliseconds(200))
        }
    }
}
