import Foundation
import SyncCore
import Testing

/// What a scheduler sees: exit statuses, the version, JSON logs, the metrics file.
@Suite(.serialized) struct CLIObservabilityTests {
    @Test func usageErrorsExit2WithArgumentParsersMessage() throws {
        let unknown = try attentiveSync(["run", "mapping.json", "--no-such-option"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Error: Unknown option '--no-such-option'"), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("Usage: attentive-sync run"))
        #expect(unknown.stderr.contains("See 'attentive-sync run --help' for more information."))
        #expect(unknown.stdout.isEmpty)
        let badValue = try attentiveSync(["plan", "mapping.json", "--log-format", "yaml"])
        #expect(badValue.status == 2)
        #expect(badValue.stderr.contains("Error: The value 'yaml' is invalid for '--log-format <log-format>'"), "\(badValue.stderr)")
        #expect(badValue.stderr.contains("Usage: attentive-sync plan"))
        let badEndpoint = try attentiveSync(["run", "mapping.json", "--concurrency", "nowhere=3"])
        #expect(badEndpoint.status == 2)
        #expect(badEndpoint.stderr.contains("--concurrency"))
        let invalid = try attentiveSync(["run", "mapping.json", "--max-attempts", "0"])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("--max-attempts must be at least 1"))
        let missing = try attentiveSync(["plan"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("Missing expected argument '<mapping>'"))
        let unknownCommand = try attentiveSync(["sync", "mapping.json"])
        #expect(unknownCommand.status == 2)
        // Help is no error, and a command's own statuses pass through (a missing mapping is 2 by the SPEC, not a usage error).
        #expect(try attentiveSync(["run", "--help"]).status == 0)
        let noMapping = try attentiveSync(["validate", "/nonexistent/mapping.json"])
        #expect(noMapping.status == 2)
        #expect(noMapping.stderr.hasPrefix("error: "), "\(noMapping.stderr)")
    }

    @Test func versionNamesLibphonenumber() throws {
        let result = try attentiveSync(["--version"])
        #expect(result.status == 0)
        let line = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.wholeMatch(of: /attentive-sync \d+\.\d+\.\d+ \(libphonenumber \d+\.\d+[0-9.]*\)/) != nil, "\(line)")
        #expect(line.hasPrefix("attentive-sync \(AttentiveSyncVersion.current) "))
    }

    @Test func planLogsOneJSONObjectPerLine() throws {
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 5)
        fixture.writeMapping()
        let result = try fixture.run("plan", ["--log-format", "json", "-v"])
        #expect(result.status == 0, "\(result.stderr)")
        let objects = try Self.jsonLines(result.stderr)
        #expect(!objects.isEmpty)
        let planning = try #require(objects.first { $0["message"] as? String == "planning" })
        #expect(planning["mapping"] as? String == "it")
        #expect(planning["level"] as? String == "info")
        let time = try #require(planning["time"] as? String)
        #expect(time.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil, "\(time)")
    }

    @Test func errorsAreJSONToo() throws {
        let result = try attentiveSync(["plan", "/nonexistent/mapping.json", "--log-format", "json"])
        #expect(result.status == 2)
        let objects = try Self.jsonLines(result.stderr)
        #expect(objects.count == 1)
        #expect(objects.first?["level"] as? String == "error")
        #expect((objects.first?["message"] as? String)?.contains("/nonexistent/mapping.json") == true)
    }

    @Test func planLogsTextLines() throws {
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 5)
        fixture.writeMapping()
        let result = try fixture.run("plan")
        #expect(result.status == 0, "\(result.stderr)")
        let planning = try #require(result.stderr.split(separator: "\n").first { $0.contains(" info planning ") }, "\(result.stderr)")
        #expect(planning.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z info planning (\w+=\S+ )*mapping=it( \w+=\S+)*/) != nil,
                "\(planning)")
        #expect(!result.stderr.contains("{"))
    }

    @Test func runLogsCarryMappingRunIdAndCountsAsJSON() async throws {
        let mock = try MockProcess()
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 5)
        fixture.writeMapping()
        let result = try fixture.run("run", ["--log-format", "json", "-v", "--progress-interval", "0.2"], environment: mock.environment())
        #expect(result.status == 0, "\(result.stderr)")
        let objects = try Self.jsonLines(result.stderr)
        #expect(objects.count >= 3)
        var messages: [String: [String: Any]] = [:]
        for object in objects { messages[object["message"] as? String ?? ""] = object }
        #expect(messages["planning"]?["mapping"] as? String == "it")
        let finished = try #require(messages["run finished"])
        #expect(finished["mapping"] as? String == "it")
        #expect(finished["runId"] as? Int == 1)
        #expect(finished["sent"] as? Int == 5)
        #expect(finished["status"] as? String == "succeeded")
    }

    /// Every line of `stderr` as a JSON object with a string `time`, `level` and `message`.
    static func jsonLines(_ stderr: String) throws -> [[String: Any]] {
        try stderr.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            #expect(object["time"] is String, "\(line)")
            #expect(object["level"] is String, "\(line)")
            #expect(object["message"] is String, "\(line)")
            return object
        }
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
