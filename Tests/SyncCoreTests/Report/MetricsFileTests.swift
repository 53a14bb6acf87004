import Foundation
import Testing
@testable import SyncCore

@Suite struct MetricsFileTests {
    let directory = TemporaryDirectory()

    @Test func rendersTheTextFormat() {
        var metrics = RunMetrics(mapping: #"crm "daily""#)
        metrics.targets = ["subscriptions": .init(planned: 3, sent: 2, failed: 1), "customAttributes": .init(planned: 5, sent: 5, rejected: 2)]
        metrics.endpoints = ["attributes": .init(requests: 6, rateLimited: 1)]
        metrics.startedAt = 1_700_000_000
        metrics.durationSeconds = 2.5
        metrics.sendDurationSeconds = 1.25
        let text = MetricsFile.render(metrics)
        #expect(text.contains("""
            # HELP attentive_sync_records_planned Records the run planned to send, per target.
            # TYPE attentive_sync_records_planned gauge
            attentive_sync_records_planned{mapping="crm \\"daily\\"",target="customAttributes"} 5
            attentive_sync_records_planned{mapping="crm \\"daily\\"",target="subscriptions"} 3

            """))
        #expect(text.contains(#"attentive_sync_records_rejected{mapping="crm \"daily\"",target="customAttributes"} 2"#))
        #expect(text.contains(#"attentive_sync_rate_limited_total{mapping="crm \"daily\"",endpoint="attributes"} 1"#))
        #expect(text.contains(#"attentive_sync_send_duration_seconds{mapping="crm \"daily\""} 1.250"#))
        #expect(text.contains(#"attentive_sync_run_finished{mapping="crm \"daily\""} 0"#))
        // Unknown while running: no sample rather than a made-up one.
        #expect(!text.contains("attentive_sync_exit_status"))
        #expect(!text.contains("attentive_sync_last_success_timestamp_seconds"))
    }

    @Test func writesByRenamingATemporaryFile() throws {
        let path = directory.path("metrics.prom")
        var metrics = RunMetrics(mapping: "m")
        metrics.finished = true
        metrics.exitStatus = 1
        try MetricsFile.write(metrics, to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == MetricsFile.render(metrics))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["metrics.prom"])
        #expect(throws: MetricsFileError.self) { try MetricsFile.write(metrics, to: directory.path("missing/metrics.prom")) }
    }

    @Test func outputPathsAreCheckedBeforeAnythingIsSent() throws {
        #expect(throws: Never.self) { try OutputPath.checkWritable(directory.path("report.json"), option: "--report") }
        #expect(throws: Never.self) { try OutputPath.checkWritable("/dev/null", option: "--report") }
        let missing = #expect(throws: ConfigurationError.self) { try OutputPath.checkWritable(directory.path("nope/r.json"), option: "--report") }
        #expect(missing?.description.contains("--report \(directory.path("nope/r.json")): the folder") == true)
        let file = directory.write("plain", "x")
        let notFolder = #expect(throws: ConfigurationError.self) { try OutputPath.checkWritable(file + "/r.json", option: "--metrics-file") }
        #expect(notFolder?.description.contains("is not a folder") == true)
        #expect(throws: ConfigurationError.self) { try OutputPath.checkWritable(directory.url.path, option: "--output") }
    }
}
