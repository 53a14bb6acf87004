import Foundation
import SyncCore
import Testing

/// What a scheduler sees: exit statuses, the version, JSON logs, the metrics file.
@Suite(.serialized) struct CLIObservabilityTests {
    @Test func usageErrorsExit2() throws {
        let unknown = try attentiveSync(["run", "mapping.json", "--no-such-option"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Unknown option '--no-such-option'"))
        let badValue = try attentiveSync(["run", "mapping.json", "--concurrency", "nowhere=3"])
        #expect(badValue.status == 2)
        #expect(badValue.stderr.contains("--concurrency"))
        let invalid = try attentiveSync(["run", "mapping.json", "--max-attempts", "0"])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("--max-attempts must be at least 1"))
        let missing = try attentiveSync(["plan"])
        #expect(missing.status == 2)
    }

    @Test func versionNamesLibphonenumber() throws {
        let result = try attentiveSync(["--version"])
        #expect(result.status == 0)
        let line = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.wholeMatch(of: /attentive-sync \d+\.\d+\.\d+ \(libphonenumber \d+\.\d+[0-9.]*\)/) != nil, "\(line)")
    }

    @Test func jsonLogsParseLineByLine() async throws {
        let mock = try MockProcess()
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 5)
        fixture.writeMapping()
        let result = try fixture.run("run", ["--log-format", "json", "-v", "--progress-interval", "0.2"], environment: mock.environment())
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count >= 3)
        var messages: [String: [String: Any]] = [:]
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            #expect(object["time"] is String)
            #expect(object["level"] is String)
            let message = try #require(object["message"] as? String)
            messages[message] = object
        }
        #expect(messages["planning"]?["mapping"] as? String == "it")
        let finished = try #require(messages["run finished"])
        #expect(finished["mapping"] as? String == "it")
        #expect(finished["runId"] as? Int == 1)
        #expect(finished["sent"] as? Int == 5)
        #expect(finished["status"] as? String == "succeeded")

        let text = try fixture.run("plan")
        #expect(text.stderr.contains(" info planning "), "\(text.stderr)")
        #expect(!text.stderr.contains("{\"time\""))
    }

    @Test func theMetricsFileParsesAndCounts() async throws {
        let mock = try MockProcess()
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 7)
        fixture.writeMapping()
        let path = fixture.directory.appendingPathComponent("attentive.prom").path
        let before = Date().timeIntervalSince1970
        let result = try fixture.run("run", ["--metrics-file", path], environment: mock.environment())
        #expect(result.status == 0, "\(result.stderr)")
        let metrics = try PrometheusSamples(file: path)
        let mapping = ["mapping": "it"]
        let target = ["mapping": "it", "target": "customAttributes"]
        #expect(metrics.value("attentive_sync_records_planned", target) == 7)
        #expect(metrics.value("attentive_sync_records_sent_total", target) == 7)
        #expect(metrics.value("attentive_sync_records_failed_total", target) == 0)
        #expect(metrics.value("attentive_sync_records_not_attempted", target) == 0)
        #expect(metrics.value("attentive_sync_requests_total", ["mapping": "it", "endpoint": "attributes"]) == 7)
        #expect(metrics.value("attentive_sync_rate_limited_total", ["mapping": "it", "endpoint": "attributes"]) == 0)
        #expect(metrics.value("attentive_sync_run_finished", mapping) == 1)
        #expect(metrics.value("attentive_sync_exit_status", mapping) == 0)
        let lastSuccess = try #require(metrics.value("attentive_sync_last_success_timestamp_seconds", mapping))
        #expect(lastSuccess >= before.rounded(.down))
        #expect(metrics.samples.first { $0.name == "attentive_sync_records_sent_total" }?.type == "counter")
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory.path).filter { $0.contains(".tmp-") }.isEmpty)

        // A failed run keeps the time of the last success and says its exit status.
        fixture.writeCustomers(count: 9)
        let failed = try fixture.run("run", ["--metrics-file", path],
                                     environment: ["ATTENTIVE_API_URL": "http://127.0.0.1:1/v1", "ATTENTIVE_API_KEY": "k"])
        #expect(failed.status == 3)
        let after = try PrometheusSamples(file: path)
        #expect(after.value("attentive_sync_exit_status", mapping) == 3)
        #expect(after.value("attentive_sync_records_not_attempted", target) == 2)
        let kept = try #require(after.value("attentive_sync_last_success_timestamp_seconds", mapping))
        #expect(abs(kept - lastSuccess) < 1.5)
    }
}
