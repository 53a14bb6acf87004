import Foundation
import SyncCore
import Testing

/// Subscriptions and identity links through crashes, lost answers and server errors.
@Suite(.serialized) struct CLIExactlyOnceTests {
    static let customers = 150
    static func smsDay1(_ i: Int) -> String { i % 4 == 3 ? "N" : "yes" }

    /// Runs until the mock has received `count` requests to `endpoint`, then SIGKILLs the CLI.
    func killMidRun(_ fixture: SyncFixture, _ mock: MockProcess, after count: Int, _ endpoint: String = "POST /subscriptions") async throws {
        let process = try startAttentiveSync(["run", fixture.mappingPath, "--state", fixture.statePath, "--first-run"] + Self.quickSettle,
                                             environment: mock.environment())
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning, ContinuousClock.now < deadline {
            if try await mock.stats().requests(endpoint) >= count { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Lost answers are settled 2 s (twice the request timeout) after the request went out.
    static let quickSettle = ["--request-timeout", "1"]

    /// Runs to the end, as often as failures need (each run retries what the last one could not do).
    func runToCompletion(_ fixture: SyncFixture, _ mock: MockProcess) throws -> CommandResult {
        var result = try fixture.run("run", ["--first-run"] + Self.quickSettle, environment: mock.environment())
        for _ in 0..<5 where result.status != 0 {
            result = try fixture.run("run", ["--first-run"] + Self.quickSettle, environment: mock.environment())
        }
        return result
    }

    @Test func killedRunsConvergeWithoutDuplicateSubscribes() async throws {
        let mock = try MockProcess(["--drop-rate", "0.05", "--fail-rate", "0.05", "--seed", "11", "--rate-scale", "5"])
        let fixture = SyncFixture()
        fixture.writeSubscribers(count: Self.customers, smsOptIn: Self.smsDay1)
        fixture.writeSubscriptionMapping()

        for point in [15, 40, 70, 100] {
            try await killMidRun(fixture, mock, after: point)
        }
        let final = try runToCompletion(fixture, mock)
        #expect(final.status == 0, "\(final.stdout)")

        var expected = Set<String>()
        for i in 0..<Self.customers {
            if Self.smsDay1(i) == "yes" { expected.insert("TEXT \(SyncFixture.e164(i))") }
            if i % 3 != 0 { expected.insert("EMAIL customer.\(i)@example.com") }
        }
        #expect(try await mock.subscribed() == expected)
        let stats = try await mock.stats()
        #expect(stats.int("duplicateSubscriptions") == 0)
        #expect(stats.int("droppedAnswers") > 0)
        #expect(stats.status(500) > 0)
        #expect(stats.schemaViolations == 0)
        let subscribes = try await mock.appliedRequests("/subscriptions")
        #expect(subscribes.values.allSatisfy { $0 == 1 }, "\(subscribes.filter { $0.value > 1 })")
        #expect(subscribes.count == expected.count)
        let identities = try await mock.inspect("/_mock/identities") as? [[String: Any]] ?? []
        #expect(Set(identities.compactMap { $0["clientUserId"] as? String }) == Set((0..<Self.customers).map { "C\($0)" }))

        let again = try fixture.run("run", environment: mock.environment())
        #expect(again.stdout.contains("Sent 0, failed 0"))

        // Day 2: some opt-ins turn off; exactly those keys are unsubscribed, once each.
        let optOuts: Set<Int> = [0, 5, 10, 17, 42, 98]
        fixture.writeSubscribers(count: Self.customers) { optOuts.contains($0) ? "no" : Self.smsDay1($0) }
        try await killMidRun(fixture, mock, after: 3, "POST /subscriptions/unsubscribe")
        let day2 = try runToCompletion(fixture, mock)
        #expect(day2.status == 0, "\(day2.stdout)")
        let unsubscribes = try await mock.appliedRequests("/subscriptions/unsubscribe")
        #expect(Set(unsubscribes.keys) == Set(optOuts.map(SyncFixture.e164)))
        #expect(unsubscribes.values.allSatisfy { $0 == 1 })
        #expect(try await mock.subscribed() == expected.subtracting(optOuts.map { "TEXT \(SyncFixture.e164($0))" }))
        #expect(try fixture.run("run", environment: mock.environment()).stdout.contains("Sent 0, failed 0"))
    }

    @Test func firstSeenOptedOutIsRecordedNotSentUnlessAsked() async throws {
        let mock = try MockProcess()
        let fixture = SyncFixture()
        fixture.writeSubscribers(count: 4, smsOptIn: { _ in "no" }, emailOptIn: { _ in "" })
        fixture.writeSubscriptionMapping()
        // Customer 1 subscribed through another channel (a sign-up form).
        _ = try await mock.inspect("/v1/subscriptions", method: "POST",
                                   body: #"{"user": {"phone": "\#(SyncFixture.e164(1))"}, "signUpSourceId": "100"}"#,
                                   headers: ["Authorization": "Bearer test-key"])
        let quiet = try fixture.run("run", environment: mock.environment())
        #expect(quiet.status == 0, "\(quiet.stdout)")
        #expect(try await mock.appliedRequests("/subscriptions/unsubscribe").isEmpty)

        let asking = SyncFixture()
        asking.writeSubscribers(count: 4, smsOptIn: { _ in "no" }, emailOptIn: { _ in "" })
        asking.writeSubscriptionMapping(unsubscribeUnknown: true)
        // Four possible unsubscribes on a state that knows nobody: above the default limit of removals.
        #expect(try asking.run("run", environment: mock.environment()).status == 3)
        let result = try asking.run("run", ["--max-removals", "4"], environment: mock.environment())
        #expect(result.status == 0, "\(result.stdout)")
        #expect(try await mock.appliedRequests("/subscriptions/unsubscribe") == [SyncFixture.e164(1): 1])
        #expect(try await mock.stats().requests("GET /subscriptions") == 4)
    }

    @Test func removedSubscribersAreUnsubscribedWhenAsked() async throws {
        let mock = try MockProcess()
        let fixture = SyncFixture()
        fixture.writeSubscribers(count: 5, smsOptIn: { _ in "yes" }, emailOptIn: { _ in "" })
        fixture.writeSubscriptionMapping(onRemoved: "unsubscribe")
        #expect(try fixture.run("run", ["--first-run"], environment: mock.environment()).status == 0)
        fixture.writeSubscribers(count: 3, smsOptIn: { _ in "yes" }, emailOptIn: { _ in "" })
        let plan = try fixture.run("plan")
        #expect(plan.stdout.contains("subscriptions: 0 subscribe, 0 update, 2 unsubscribe"))
        #expect(try fixture.run("run", ["--max-removals", "2"], environment: mock.environment()).status == 0)
        #expect(Set(try await mock.appliedRequests("/subscriptions/unsubscribe").keys) == [SyncFixture.e164(3), SyncFixture.e164(4)])
    }

    @Test func identityRulesRejectTheRowsTargetNeverARequest() async throws {
        let mock = try MockProcess()
        let fixture = SyncFixture()
        let long = String(repeating: "x", count: 101)
        fixture.write("""
            customer_id,phone,email,sms_opt_in,email_opt_in,shopify_id,loyalty_id
            C0,\(SyncFixture.phone(0)),a@example.com,,,shop-0,L-0
            ,\(SyncFixture.phone(1)),b@example.com,,,shop-1,
            C2,\(SyncFixture.phone(2)),c@example.com,,,\(long),L-2
            ,\(SyncFixture.phone(3)),,,,,

            """, to: fixture.csvPath)
        fixture.writeSubscriptionMapping()
        let result = try fixture.run("run", ["--report", fixture.directory.appendingPathComponent("r.json").path], environment: mock.environment())
        #expect(result.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: fixture.directory.appendingPathComponent("r.json"))) as? [String: Any]
        let rejected = (report?["rejected"] as? [[String: Any]] ?? []).map { "\($0["line"] as? Int ?? 0) \($0["target"] as? String ?? "-") \($0["reason"] as? String ?? "")" }
        #expect(rejected == [
            "3 identityLinks identityLinks: fewer than two identifiers (a clientUserId or a custom identifier is needed)",
            "4 identityLinks identityLinks: shopifyId longer than 100 characters",
            "5 identityLinks identityLinks: no identifier values",
        ])
        let identities = try await mock.inspect("/_mock/requests?path=/identity-resolution/user-identifiers") as? [[String: Any]] ?? []
        #expect(identities.count == 1)
        #expect(try await mock.stats().schemaViolations == 0)
        #expect(try await mock.stats().int("ruleViolations") == 0)
    }
}

extension MockStats {
    func int(_ name: String) -> Int { json[name] as? Int ?? -1 }
}
