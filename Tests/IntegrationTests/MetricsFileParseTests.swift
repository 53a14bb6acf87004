import Foundation
import SyncCore
import Testing

/// The metrics file as node_exporter's textfile collector would take it: written by
/// `MetricsFile.write`, read back by prometheus_client's strict parser, every sample compared.
@Suite struct MetricsFileParseTests {
    typealias Sample = PrometheusSamples.Sample

    @Test func everyFamilyAndValueReadsBack() throws {
        let fixture = SyncFixture()
        let path = fixture.directory.appendingPathComponent("attentive.prom").path
        let mapping = "crm \"daily\" \\ night\nshift"
        let metrics = RunMetrics(
            mapping: mapping,
            targets: ["customAttributes": .init(planned: 5, sent: 4, failed: 1, rejected: 2, notAttempted: 0),
                      "subscriptions": .init(planned: 3, sent: 1, failed: 0, rejected: 0, notAttempted: 2, pending: 1)],
            endpoints: ["attributes": .init(requests: 6, rateLimited: 1), "subscribe": .init(requests: 2, rateLimited: 0)],
            startedAt: 1_764_680_400.25, durationSeconds: 12.3456, sendDurationSeconds: 10.5,
            finished: true, exitStatus: 3, lastSuccess: 1_764_594_000)
        try MetricsFile.write(metrics, to: path)

        let parsed = try PrometheusSamples(file: path)
        func sample(_ name: String, _ type: String, _ labels: [String: String], _ value: Double) -> Sample {
            Sample(name: name, labels: ["mapping": mapping].merging(labels) { _, new in new }, value: value, type: type, help: "")
        }
        func perTarget(_ name: String, _ type: String, _ customAttributes: Double, _ subscriptions: Double) -> [Sample] {
            [sample(name, type, ["target": "customAttributes"], customAttributes), sample(name, type, ["target": "subscriptions"], subscriptions)]
        }
        func perEndpoint(_ name: String, _ attributes: Double, _ subscribe: Double) -> [Sample] {
            [sample(name, "counter", ["endpoint": "attributes"], attributes), sample(name, "counter", ["endpoint": "subscribe"], subscribe)]
        }
        let expected = perTarget("attentive_sync_records_planned", "gauge", 5, 3)
            + perTarget("attentive_sync_records_sent_total", "counter", 4, 1)
            + perTarget("attentive_sync_records_failed_total", "counter", 1, 0)
            + perTarget("attentive_sync_records_rejected", "gauge", 2, 0)
            + perTarget("attentive_sync_records_not_attempted", "gauge", 0, 2)
            + perTarget("attentive_sync_records_pending", "gauge", 0, 1)
            + perEndpoint("attentive_sync_requests_total", 6, 2)
            + perEndpoint("attentive_sync_rate_limited_total", 1, 0)
            + [sample("attentive_sync_run_start_timestamp_seconds", "gauge", [:], 1_764_680_400.25),
               sample("attentive_sync_run_duration_seconds", "gauge", [:], 12.346),
               sample("attentive_sync_send_duration_seconds", "gauge", [:], 10.5),
               sample("attentive_sync_run_finished", "gauge", [:], 1),
               sample("attentive_sync_exit_status", "gauge", [:], 3),
               sample("attentive_sync_last_success_timestamp_seconds", "gauge", [:], 1_764_594_000)]

        // Every family has its HELP text; then the samples must be exactly these, in this order.
        let unhelped = parsed.samples.filter { $0.help.isEmpty }.map(\.name)
        #expect(unhelped.isEmpty, "no # HELP: \(unhelped)")
        let read = parsed.samples.map { Sample(name: $0.name, labels: $0.labels, value: $0.value, type: $0.type, help: "") }
        #expect(read == expected)
        for (got, want) in zip(read, expected) where got != want {
            Issue.record("read \(got), expected \(want)")
        }
    }

    @Test func aRunningRunHasNoExitStatus() throws {
        let fixture = SyncFixture()
        let path = fixture.directory.appendingPathComponent("running.prom").path
        try MetricsFile.write(RunMetrics(mapping: "m", startedAt: 1_764_680_400, durationSeconds: 1), to: path)
        let parsed = try PrometheusSamples(file: path)
        #expect(parsed.samples.map(\.name) == [
            "attentive_sync_run_start_timestamp_seconds", "attentive_sync_run_duration_seconds",
            "attentive_sync_send_duration_seconds", "attentive_sync_run_finished",
        ])
        #expect(parsed.value("attentive_sync_run_finished", ["mapping": "m"]) == 0)
    }
}
