import Foundation
import Testing
@testable import SyncCore

@Suite struct MetricsFileTests {
    let directory = TemporaryDirectory()

    static let finishedRun = RunMetrics(
        mapping: "crm-daily",
        targets: ["customAttributes": .init(planned: 5, sent: 4, failed: 1, rejected: 2)],
        endpoints: ["attributes": .init(requests: 6, rateLimited: 1)],
        startedAt: 1_764_680_400, durationSeconds: 12.3456, sendDurationSeconds: 10.25,
        finished: true, exitStatus: 1, lastSuccess: 1_764_594_000.5)

    @Test func rendersTheTextFormat() {
        #expect(MetricsFile.render(Self.finishedRun) == """
            # HELP attentive_sync_records_planned Records the run planned to send, per target.
            # TYPE attentive_sync_records_planned gauge
            attentive_sync_records_planned{mapping="crm-daily",target="customAttributes"} 5
            # HELP attentive_sync_records_sent_total Records Attentive acknowledged, per target.
            # TYPE attentive_sync_records_sent_total counter
            attentive_sync_records_sent_total{mapping="crm-daily",target="customAttributes"} 4
            # HELP attentive_sync_records_failed_total Records refused or undeliverable after retries, per target.
            # TYPE attentive_sync_records_failed_total counter
            attentive_sync_records_failed_total{mapping="crm-daily",target="customAttributes"} 1
            # HELP attentive_sync_records_rejected Source rows rejected, per target.
            # TYPE attentive_sync_records_rejected gauge
            attentive_sync_records_rejected{mapping="crm-daily",target="customAttributes"} 2
            # HELP attentive_sync_records_not_attempted Planned records not attempted (the run stopped), per target.
            # TYPE attentive_sync_records_not_attempted gauge
            attentive_sync_records_not_attempted{mapping="crm-daily",target="customAttributes"} 0
            # HELP attentive_sync_records_pending Records sent whose outcome the next run settles (bulk jobs still running), per target.
            # TYPE attentive_sync_records_pending gauge
            attentive_sync_records_pending{mapping="crm-daily",target="customAttributes"} 0
            # HELP attentive_sync_requests_total Requests sent, per endpoint.
            # TYPE attentive_sync_requests_total counter
            attentive_sync_requests_total{mapping="crm-daily",endpoint="attributes"} 6
            # HELP attentive_sync_rate_limited_total Answers 429, per endpoint.
            # TYPE attentive_sync_rate_limited_total counter
            attentive_sync_rate_limited_total{mapping="crm-daily",endpoint="attributes"} 1
            # HELP attentive_sync_run_start_timestamp_seconds When the run started.
            # TYPE attentive_sync_run_start_timestamp_seconds gauge
            attentive_sync_run_start_timestamp_seconds{mapping="crm-daily"} 1764680400
            # HELP attentive_sync_run_duration_seconds How long the run has taken.
            # TYPE attentive_sync_run_duration_seconds gauge
            attentive_sync_run_duration_seconds{mapping="crm-daily"} 12.346
            # HELP attentive_sync_send_duration_seconds How long sending has taken.
            # TYPE attentive_sync_send_duration_seconds gauge
            attentive_sync_send_duration_seconds{mapping="crm-daily"} 10.25
            # HELP attentive_sync_run_finished 1 once the run has ended.
            # TYPE attentive_sync_run_finished gauge
            attentive_sync_run_finished{mapping="crm-daily"} 1
            # HELP attentive_sync_exit_status The run's exit status (0 ok, 1 partial, 2 usage, 3 aborted).
            # TYPE attentive_sync_exit_status gauge
            attentive_sync_exit_status{mapping="crm-daily"} 1
            # HELP attentive_sync_last_success_timestamp_seconds When a run of this mapping last exited 0.
            # TYPE attentive_sync_last_success_timestamp_seconds gauge
            attentive_sync_last_success_timestamp_seconds{mapping="crm-daily"} 1764594000.5

            """)
    }

    @Test func sortsLabelSetsAndEscapesLabelValues() {
        let metrics = RunMetrics(mapping: "crm \"daily\"\\\nnight",
                                 targets: ["subscriptions": .init(planned: 3), "customAttributes": .init(planned: 5)])
        let text = MetricsFile.render(metrics)
        #expect(text.contains(#"""
            attentive_sync_records_planned{mapping="crm \"daily\"\\\nnight",target="customAttributes"} 5
            attentive_sync_records_planned{mapping="crm \"daily\"\\\nnight",target="subscriptions"} 3

            """#))
        // Unknown while running: no sample rather than a made-up one.
        #expect(text.contains(#"attentive_sync_run_finished{mapping="crm \"daily\"\\\nnight"} 0"#))
        #expect(!text.contains("attentive_sync_exit_status"))
        #expect(!text.contains("attentive_sync_last_success_timestamp_seconds"))
    }

    @Test func writesSecondsWithUpToThreeDecimals() {
        #expect(MetricsFile.seconds(0) == "0")
        #expect(MetricsFile.seconds(2.5) == "2.5")
        #expect(MetricsFile.seconds(0.1239) == "0.124")
        #expect(MetricsFile.seconds(1_764_680_400.0004) == "1764680400")
    }

    @Test func writesByRenamingATemporaryFileReadableByTheCollector() throws {
        let path = directory.path("metrics.prom")
        let previous = umask(0o077)
        defer { umask(previous) }
        try MetricsFile.write(Self.finishedRun, to: path)
        try MetricsFile.write(Self.finishedRun, to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == MetricsFile.render(Self.finishedRun))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["metrics.prom"])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o644)
    }

    @Test func writesADeviceInPlace() throws {
        try MetricsFile.write(Self.finishedRun, to: "/dev/null")
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
    }

    @Test func aFailureNamesThePathAndTheReason() {
        let path = directory.path("missing/metrics.prom")
        let error = #expect(throws: MetricsFileError.self) { try MetricsFile.write(Self.finishedRun, to: path) }
        #expect(error?.description == "cannot write the metrics file \(path): No such file or directory")
    }
}
