import Foundation
import SyncCore
import Testing

/// The CLI end to end against attentive-mock running as a process.
@Suite(.serialized) struct CLISyncTests {
    @Test func runSendsEveryChangeOnceAndARerunSendsNothing() async throws {
        let mock = try MockProcess()
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 40)
        fixture.writeMapping()

        let first = try fixture.run("run", environment: mock.environment())
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("40 create"))
        var stats = try await mock.stats()
        #expect(stats.requests("POST /attributes/custom") == 40)
        #expect(stats.schemaViolations == 0)
        let held = try await mock.attributes()
        let customer7 = try #require(held[SyncFixture.e164(7)])
        #expect(customer7["Tier"] as? String == "Silver")
        #expect((customer7["LTV"] as? NSNumber)?.doubleValue == 7.5)
        #expect(customer7["VIP"] as? Bool == false)
        #expect(customer7["Source"] as? String == "warehouse")

        let second = try fixture.run("run", environment: mock.environment())
        #expect(second.status == 0)
        #expect(second.stdout.contains("0 create, 0 update, 0 delete, 40 unchanged"))
        stats = try await mock.stats()
        #expect(stats.requests("POST /attributes/custom") == 40)

        // Day 2: three tiers change; only those attributes go out.
        fixture.writeCustomers(count: 40) { [3, 4, 5].contains($0) ? "Platinum" : ["Bronze", "Silver", "Gold"][$0 % 3] }
        let third = try fixture.run("run", environment: mock.environment())
        #expect(third.stdout.contains("0 create, 3 update"))
        let requests = try await mock.inspect("/_mock/requests?path=/attributes/custom") as? [[String: Any]] ?? []
        let lastThree = requests.suffix(3).compactMap { ($0["body"] as? [String: Any])?["properties"] as? [String: Any] }
        #expect(lastThree.count == 3)
        #expect(lastThree.allSatisfy { $0.count == 1 && $0["Tier"] as? String == "Platinum" })
        #expect(try await mock.stats().schemaViolations == 0)
    }

    @Test func planSendsNothingAndWritesNoState() async throws {
        let mock = try MockProcess()
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 5)
        fixture.writeMapping()
        let plan = try fixture.run("plan", ["--format", "json"], environment: mock.environment())
        #expect(plan.status == 0, "\(plan.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        let counts = (report["counts"] as? [String: Any])?["customAttributes"] as? [String: Any]
        #expect(counts?["create"] as? Int == 5)
        let changes = report["changes"] as? [[String: Any]] ?? []
        #expect(changes.first?["key"] as? String == SyncFixture.e164(0))
        #expect((changes.first?["fields"] as? [[String: Any]])?.map { $0["name"] as? String } == ["LTV", "Source", "Tier", "VIP"])
        #expect(try await mock.stats().requests("POST /attributes/custom") == 0)
        #expect(try SQLiteStateStore(path: fixture.statePath).fingerprints(mapping: "it", scope: .customAttributes).isEmpty)
        #expect(try fixture.run("plan").stdout.contains("5 create"))
    }

    @Test func a400IsRecordedAsFailedAndRetriedNextRun() async throws {
        let mock = try MockProcess()
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 6)
        fixture.writeMapping()
        // Another sender fixed "Tier" as a number first: Attentive refuses our strings.
        _ = try await mock.inspect("/v1/attributes/custom", method: "POST",
                                   body: #"{"user": {"email": "seed@example.com"}, "properties": {"Tier": 5}}"#,
                                   headers: ["Authorization": "Bearer test-key"])
        let failed = try fixture.run("run", environment: mock.environment())
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("Sent 0, failed 6"))
        #expect(failed.stdout.contains("400"))
        #expect(failed.stdout.contains("Tier"))
        #expect(try SQLiteStateStore(path: fixture.statePath).fingerprints(mapping: "it", scope: .customAttributes).isEmpty)
        let history = try fixture.run("history", ["--failures"])
        #expect(history.stdout.contains("failed 6"))
        #expect(history.stdout.contains(SyncFixture.e164(0)))

        _ = try await mock.inspect("/_mock/reset", method: "POST")
        let retried = try fixture.run("run", environment: mock.environment())
        #expect(retried.status == 0, "\(retried.stdout)")
        #expect(retried.stdout.contains("Sent 6, failed 0"))
    }

    @Test func rateLimitedRequestsAreRetriedUntilDelivered() async throws {
        // 3 requests a second, and a sender told 100: its first burst meets 429s, then it learns.
        let mock = try MockProcess(["--rate-scale", "0.02"])
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 20)
        fixture.writeMapping()
        let result = try fixture.run("run", ["--rate-limit", "attributes=100", "--max-attempts", "12"], environment: mock.environment())
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let stats = try await mock.stats()
        #expect(stats.rateLimited > 0)
        #expect(stats.rateLimited < 20)
        #expect(stats.status(200) == 20)
        #expect(try await mock.attributes().count == 20)
    }

    @Test func serverErrorsAreRetriedUntilDelivered() async throws {
        let mock = try MockProcess(["--fail-rate", "0.3", "--seed", "7"])
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 30)
        fixture.writeMapping()
        let result = try fixture.run("run", ["--max-attempts", "10"], environment: mock.environment())
        #expect(result.status == 0, "\(result.stdout)")
        let stats = try await mock.stats()
        #expect(stats.status(500) > 0)
        #expect(stats.status(200) == 30)
    }

    @Test func aRefusedKeyAbortsAndNeverPrintsTheKey() async throws {
        let mock = try MockProcess(["--api-key", "the-right-key"])
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 5)
        fixture.writeMapping()
        let result = try fixture.run("run", ["--verbose"], environment: mock.environment(key: "sk-wrong-secret-1234"))
        #expect(result.status == 3)
        #expect(result.stdout.contains("401"))
        #expect(!(result.stdout + result.stderr).contains("sk-wrong-secret-1234"))
        #expect(try SQLiteStateStore(path: fixture.statePath).fingerprints(mapping: "it", scope: .customAttributes).isEmpty)
        let check = try attentiveSync(["check"], environment: mock.environment(key: "sk-wrong-secret-1234"))
        #expect(check.status == 3)
        #expect(!(check.stdout + check.stderr).contains("sk-wrong-secret-1234"))
    }

    @Test func checkPrintsTheCompany() async throws {
        let mock = try MockProcess()
        let result = try attentiveSync(["check"], environment: mock.environment())
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("companyName"))
    }

    @Test func badInputStopsBeforeAnythingIsSent() async throws {
        let mock = try MockProcess()
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 3)
        fixture.writeMapping(columns: ["tier": "loyalty_tier"])
        let missingColumn = try fixture.run("run", environment: mock.environment())
        #expect(missingColumn.status == 2)
        #expect(missingColumn.stderr.contains("missing mapped column: 'loyalty_tier'"))
        let validate = try attentiveSync(["validate", fixture.mappingPath])
        #expect(validate.status == 2)

        fixture.writeMapping()
        try FileManager.default.removeItem(atPath: fixture.csvPath)
        let missingFile = try fixture.run("run", environment: mock.environment())
        #expect(missingFile.status == 3)
        #expect(missingFile.stderr.contains("customers.csv"))
        #expect(try await mock.stats().requests("POST /attributes/custom") == 0)

        let plainHTTP = try fixture.run("run", environment: ["ATTENTIVE_API_URL": "http://api.example.com/v1", "ATTENTIVE_API_KEY": "k"])
        #expect(plainHTTP.status == 2)
        #expect(plainHTTP.stderr.contains("loopback"))
        let noKey = try fixture.run("run", environment: ["ATTENTIVE_API_URL": mock.baseURL])
        #expect(noKey.status == 2)
        #expect(noKey.stderr.contains("ATTENTIVE_API_KEY"))
    }

    @Test func theSampleSyncRejectsBadRowsAndGoesOn() async throws {
        let mock = try MockProcess()
        let fixture = SyncFixture()
        let sample = Executables.packageRoot.appendingPathComponent("samples/customers.csv").path
        let mapping = try String(contentsOfFile: Executables.packageRoot.appendingPathComponent("mappings/customers-attributes.json").path, encoding: .utf8)
            .replacingOccurrences(of: "../samples/customers.csv", with: sample)
        fixture.write(mapping, to: fixture.mappingPath)
        let result = try fixture.run("run", ["--report", fixture.directory.appendingPathComponent("report.json").path], environment: mock.environment())
        #expect(result.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: fixture.directory.appendingPathComponent("report.json"))) as? [String: Any]
        let rejected = report?["rejected"] as? [[String: Any]] ?? []
        #expect(!rejected.isEmpty)
        #expect(rejected.allSatisfy { ($0["line"] as? Int ?? 0) > 1 && !($0["reason"] as? String ?? "").isEmpty })
        let sent = (report?["result"] as? [String: Any])?["sent"] as? Int ?? 0
        let creates = ((report?["counts"] as? [String: Any])?["customAttributes"] as? [String: Any])?["create"] as? Int
        #expect(sent > 100)
        #expect(sent == creates)
        #expect(try await mock.stats().schemaViolations == 0)
        #expect(try await mock.stats().requests("POST /attributes/custom") == sent)
        let again = try fixture.run("run", environment: mock.environment())
        #expect(again.stdout.contains("Sent 0"))
    }
}
