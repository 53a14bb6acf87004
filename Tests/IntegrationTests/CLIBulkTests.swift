import Foundation
import SyncCore
import Testing

/// `run --send-mode bulk` against attentive-mock's v2 bulk jobs.
@Suite(.serialized) struct CLIBulkTests {
    static let customers = 3000
    static func sms(_ i: Int) -> String { i % 4 == 3 ? "N" : "yes" }

    /// Custom attributes, a TEXT subscription and a clientUserId per customer.
    func fixture(count: Int = customers) -> SyncFixture {
        let fixture = SyncFixture()
        fixture.writeSubscribers(count: count, smsOptIn: Self.sms)
        fixture.write("""
            {"name": "bulk", "source": {"csv": {"path": "customers.csv"}},
             "identity": {"phone": "phone", "email": "email"},
             "customAttributes": {"Loyalty Id": "loyalty_id", "Email Opt In": {"column": "email_opt_in", "type": "boolean"}},
             "subscriptions": [{"channel": "TEXT", "type": "MARKETING", "signUpSourceId": "100", "optIn": "sms_opt_in"}],
             "identityLinks": {"clientUserId": "customer_id"}}
            """, to: fixture.mappingPath)
        return fixture
    }

    /// What a sync leaves in the mock: attributes and subscriptions as JSON text, identities as a set.
    func contents(_ mock: MockProcess) async throws -> (attributes: String, subscriptions: String, identities: Set<String>) {
        func text(_ path: String) async throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: try await mock.inspect(path), options: .sortedKeys), as: UTF8.self)
        }
        let identities = try await mock.inspect("/_mock/identities") as? [[String: Any]] ?? []
        return (try await text("/_mock/attributes"), try await text("/_mock/subscriptions"),
                Set(try identities.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: .sortedKeys), as: UTF8.self) }))
    }

    var expectedSubscribed: Set<String> {
        Set((0..<Self.customers).filter { Self.sms($0) == "yes" }.map { "TEXT \(SyncFixture.e164($0))" })
    }

    /// `/_mock/jobs`.
    func jobs(_ mock: MockProcess) async throws -> [[String: Any]] {
        try await mock.inspect("/_mock/jobs") as? [[String: Any]] ?? []
    }

    @Test func aBulkRunLeavesTheMockAsASingleRunDoesInAFewRequests() async throws {
        let single = try MockProcess(["--rate-scale", "50"])
        let bulk = try MockProcess()
        let singleFixture = fixture(), bulkFixture = fixture()
        let singleRun = try singleFixture.run("run", ["--first-run", "--send-mode", "single", "--rate-limit", "500"], environment: single.environment())
        #expect(singleRun.status == 0, "\(singleRun.stdout)\(singleRun.stderr)")
        let bulkRun = try bulkFixture.run("run", ["--first-run", "--send-mode", "bulk"], environment: bulk.environment())
        #expect(bulkRun.status == 0, "\(bulkRun.stdout)\(bulkRun.stderr)")
        #expect(bulkRun.stdout.contains("Bulk: \(Self.customers) records in 12 jobs"), "\(bulkRun.stdout)")

        let (singleState, bulkState) = (try await contents(single), try await contents(bulk))
        #expect(bulkState.attributes == singleState.attributes)
        #expect(bulkState.subscriptions == singleState.subscriptions)
        #expect(bulkState.identities == singleState.identities)
        #expect(try await bulk.subscribed() == expectedSubscribed)
        #expect(bulkState.identities.count == Self.customers)

        let singleStats = try await single.stats(), bulkStats = try await bulk.stats()
        let expectedSingle = Self.customers * 2 + expectedSubscribed.count
        #expect(singleStats.totalRequests == expectedSingle)
        // 3,000 people in 12 requests of at most 256, each job looked at until done (twice).
        #expect(bulkStats.requests("POST /v2/bulk/user/attributes") == 12)
        #expect(bulkStats.requests("GET /v2/bulk/job/{bulkJobId}") == 24)
        #expect(bulkStats.totalRequests == 36)
        #expect(bulkStats.schemaViolations == 0 && singleStats.schemaViolations == 0)
        #expect(bulkStats.int("duplicateSubscriptions") == 0)

        let again = try bulkFixture.run("run", ["--send-mode", "bulk"], environment: bulk.environment())
        #expect(again.status == 0)
        #expect(again.stdout.contains("Sent 0, failed 0"), "\(again.stdout)")
        #expect(try await bulk.stats().totalRequests == 36)
    }

    @Test func recordsFailingInAJobAreSentAgainByTheNextRunAndOnlyThey() async throws {
        let mock = try MockProcess(["--bulk-record-fail-rate", "0.1", "--seed", "3"])
        let fixture = fixture()
        let report = fixture.directory.appendingPathComponent("first.json").path
        let first = try fixture.run("run", ["--first-run", "--send-mode", "bulk", "--report", report], environment: mock.environment())
        #expect(first.status == 1, "\(first.stdout)")
        #expect(first.stdout.contains("record refused (injected by attentive-mock)"))
        let result = try #require((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])?["result"] as? [String: Any])
        let failedKeys = Set((result["failures"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String })
        let failedRecords = try await jobs(mock).reduce(0) { $0 + ($1["failed"] as? Int ?? 0) }
        #expect(failedRecords > 100 && failedRecords < 500)
        #expect(failedKeys.count == failedRecords)

        let second = try fixture.run("run", ["--send-mode", "bulk"], environment: mock.environment())
        // Exactly the people whose records failed go again, each in one record.
        #expect(second.stdout.contains("Bulk: \(failedKeys.count) records in"), "\(second.stdout)")
        var last = second
        for _ in 0..<6 where last.status != 0 {
            last = try fixture.run("run", ["--send-mode", "bulk"], environment: mock.environment())
        }
        #expect(last.status == 0, "\(last.stdout)")
        #expect(try await mock.attributes().count == Self.customers)
        #expect(try await mock.subscribed() == expectedSubscribed)
        #expect(try await mock.stats().int("duplicateSubscriptions") == 0)
    }

    @Test func jobsStillRunningWhenARunEndsAreSettledByALaterRun() async throws {
        let mock = try MockProcess(["--bulk-job-polls", "3"])
        let fixture = fixture(count: 600)
        let metricsPath = fixture.directory.appendingPathComponent("bulk.prom").path
        let first = try fixture.run("run", ["--first-run", "--send-mode", "bulk", "--bulk-wait", "0", "--metrics-file", metricsPath],
                                    environment: mock.environment())
        #expect(first.status == 0, "\(first.stdout)")
        #expect(first.stdout.contains("Pending: "), "\(first.stdout)")
        #expect(first.stdout.contains("customAttributes: 600 planned → 0 sent, 0 failed, 600 pending, 0 not attempted (600 submitted in bulk jobs)"),
                "\(first.stdout)")
        let metrics = try PrometheusSamples(file: metricsPath)
        #expect(metrics.value("attentive_sync_records_pending", ["mapping": "bulk", "target": "customAttributes"]) == 600)
        #expect(metrics.value("attentive_sync_records_pending", ["mapping": "bulk", "target": "identityLinks"]) == 600)
        #expect(metrics.value("attentive_sync_records_not_attempted", ["mapping": "bulk", "target": "customAttributes"]) == 0)
        #expect(try await mock.attributes().isEmpty)
        let history = try fixture.run("history")
        #expect(history.stdout.contains("Pending bulk jobs (the next run settles them): 3,"), "\(history.stdout)")

        // Polled a second time: still running, so nothing is sent again.
        let second = try fixture.run("run", ["--send-mode", "bulk", "--bulk-wait", "0"], environment: mock.environment())
        #expect(second.status == 0, "\(second.stdout)")
        #expect(try await mock.stats().requests("POST /v2/bulk/user/attributes") == 3)
        #expect(!second.stdout.contains("Bulk: "), "\(second.stdout)")

        // The third look completes them: settled before the plan, which then has nothing to send.
        let third = try fixture.run("run", ["--send-mode", "bulk"], environment: mock.environment())
        #expect(third.status == 0, "\(third.stdout)")
        #expect(third.stdout.contains("Sent 0, failed 0"), "\(third.stdout)")
        #expect(try await mock.stats().requests("POST /v2/bulk/user/attributes") == 3)
        #expect(try await mock.attributes().count == 600)
        #expect(!(try fixture.run("history").stdout.contains("Pending bulk jobs")))
    }

    @Test func aKilledBulkRunWithLostAnswersIsSettledWithoutSubscribingAnyoneTwice() async throws {
        let mock = try MockProcess(["--drop-rate", "0.1", "--fail-rate", "0.1", "--seed", "5",
                                    "--bulk-job-polls", "1000", "--bulk-job-delay-ms", "300"])
        let fixture = fixture()
        let options = ["--send-mode", "bulk", "--bulk-settle-after", "1", "--request-timeout", "1"]
        let process = try startAttentiveSync(["run", fixture.mappingPath, "--state", fixture.statePath, "--first-run"] + options,
                                             environment: mock.environment())
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning, ContinuousClock.now < deadline {
            if try await mock.stats().requests("POST /v2/bulk/user/attributes") >= 5 { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        var last = try fixture.run("run", ["--first-run"] + options, environment: mock.environment())
        for _ in 0..<8 where last.status != 0 || last.stdout.contains("Pending: ") {
            try await Task.sleep(for: .milliseconds(1200))
            last = try fixture.run("run", ["--first-run"] + options, environment: mock.environment())
        }
        #expect(last.status == 0 && !last.stdout.contains("Pending: "), "\(last.stdout)")
        let stats = try await mock.stats()
        #expect(stats.int("droppedAnswers") > 0)
        #expect(stats.status(500) > 0)
        #expect(stats.int("duplicateSubscriptions") == 0)
        #expect(try await mock.subscribed() == expectedSubscribed)
        #expect(try await mock.attributes().count == Self.customers)
        let identities = try await mock.inspect("/_mock/identities") as? [[String: Any]] ?? []
        #expect(Set(identities.compactMap { $0["clientUserId"] as? String }) == Set((0..<Self.customers).map { "C\($0)" }))
        #expect(try fixture.run("run", options, environment: mock.environment()).stdout.contains("Sent 0, failed 0"))
    }

    /// Members of each segment in `/_mock/segments`.
    func segments(_ mock: MockProcess) async throws -> [String: Set<String>] {
        let list = try await mock.inspect("/_mock/segments") as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: list.map { ($0["externalId"] as? String ?? "", Set($0["members"] as? [String] ?? [])) })
    }

    /// The members named by the logged `method` requests to the segment members endpoint since `after`, per segment.
    func memberRequests(_ mock: MockProcess, _ method: String, after: Int = 0) async throws -> [String: [String]] {
        let log = try await mock.inspect("/_mock/requests?path=/v2/bulk/segments/members") as? [[String: Any]] ?? []
        var members: [String: [String]] = [:]
        for request in log.dropFirst(after) where request["method"] as? String == method {
            let body = request["body"] as? [String: Any] ?? [:]
            members[body["externalId"] as? String ?? "", default: []] += (body["members"] as? [[String: Any]] ?? []).compactMap { $0["phone"] as? String }
        }
        return members
    }

    @Test func segmentsAddAndRemoveExactlyTheChangedMembers() async throws {
        let mock = try MockProcess()
        let fixture = SyncFixture()
        fixture.write("""
            {"name": "segments", "source": {"csv": {"path": "customers.csv"}},
             "identity": {"phone": "phone", "email": "email"},
             "segments": [{"externalId": "sms-fans", "name": "SMS fans", "member": {"column": "sms_opt_in", "type": "boolean"}},
                          {"externalId": "everyone", "name": "Everyone", "member": {"value": true}}]}
            """, to: fixture.mappingPath)
        fixture.writeSubscribers(count: 400, smsOptIn: Self.sms)
        let first = try fixture.run("run", ["--first-run"], environment: mock.environment())
        #expect(first.status == 0, "\(first.stdout)")
        let fans = Set((0..<400).filter { Self.sms($0) == "yes" }.map(SyncFixture.e164))
        #expect(try await segments(mock) == ["sms-fans": fans, "everyone": Set((0..<400).map(SyncFixture.e164))])
        #expect(try await memberRequests(mock, "DELETE").isEmpty)
        let logged = (try await mock.inspect("/_mock/requests?path=/v2/bulk/segments/members") as? [Any] ?? []).count
        #expect(logged == 2)

        // Day 2: one customer in five flips (both ways), the last 20 leave the export.
        func day2(_ i: Int) -> String { i % 10 == 0 || i % 10 == 3 ? (Self.sms(i) == "yes" ? "N" : "yes") : Self.sms(i) }
        fixture.writeSubscribers(count: 380, smsOptIn: day2)
        // 92 removals of 700 members: past the guard's 10% until the operator says so.
        let refused = try fixture.run("run", environment: mock.environment())
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("the plan would send 92 removes of segments"), "\(refused.stderr)")
        let second = try fixture.run("run", ["--max-removals", "20%"], environment: mock.environment())
        #expect(second.status == 0, "\(second.stdout)")
        let fansNow = Set((0..<380).filter { day2($0) == "yes" }.map(SyncFixture.e164))
        #expect(try await segments(mock) == ["sms-fans": fansNow, "everyone": Set((0..<380).map(SyncFixture.e164))])
        let removed = try await memberRequests(mock, "DELETE", after: logged)
        #expect(Set(removed["sms-fans"] ?? []) == fans.subtracting(fansNow))
        #expect(removed["sms-fans"]?.count == fans.subtracting(fansNow).count)
        #expect(Set(removed["everyone"] ?? []) == Set((380..<400).map(SyncFixture.e164)))
        let added = try await memberRequests(mock, "POST", after: logged)
        #expect(Set(added["sms-fans"] ?? []) == fansNow.subtracting(fans))
        #expect(added["sms-fans"]?.count == 19)
        #expect(added["everyone"] == nil)
        let stats = try await mock.stats()
        #expect(stats.int("removalsOfNonMembers") == 0)
        #expect(stats.requests("POST /v2/segments") == 2)
        #expect(stats.schemaViolations == 0)

        let third = try fixture.run("run", environment: mock.environment())
        #expect(third.stdout.contains("Sent 0, failed 0"), "\(third.stdout)")
        let all = try await mock.inspect("/_mock/requests?path=/v2/bulk/segments/members") as? [[String: Any]] ?? []
        #expect(all.count == logged + 3, "\(all.map { "\($0["method"] ?? "") \($0["status"] ?? "")" })")
    }
}
