import Foundation

/// What a run's metrics file says (Prometheus text format, for node_exporter's textfile collector).
public struct RunMetrics: Sendable, Equatable {
    public struct TargetCounts: Sendable, Equatable {
        public var planned = 0, sent = 0, failed = 0, rejected = 0, notAttempted = 0
        public init(planned: Int = 0, sent: Int = 0, failed: Int = 0, rejected: Int = 0, notAttempted: Int = 0) {
            self.planned = planned
            self.sent = sent
            self.failed = failed
            self.rejected = rejected
            self.notAttempted = notAttempted
        }
    }

    public struct EndpointCounts: Sendable, Equatable {
        public var requests = 0, rateLimited = 0
        public init(requests: Int = 0, rateLimited: Int = 0) {
            self.requests = requests
            self.rateLimited = rateLimited
        }
    }

    public var mapping: String
    /// By target name.
    public var targets: [String: TargetCounts] = [:]
    /// By endpoint name.
    public var endpoints: [String: EndpointCounts] = [:]
    /// Unix seconds.
    public var startedAt: Double = 0
    public var durationSeconds: Double = 0
    public var sendDurationSeconds: Double = 0
    public var finished = false
    /// Set when finished.
    public var exitStatus: Int32?
    /// Unix seconds of the last run of this mapping that exited 0 (this one included).
    public var lastSuccess: Double?

    public init(mapping: String) { self.mapping = mapping }
}

/// Renders and writes `RunMetrics`.
public enum MetricsFile {
    public static func render(_ metrics: RunMetrics) -> String {
        var out = ""
        let mapping = "mapping=\"\(escape(metrics.mapping))\""
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            guard !samples.isEmpty else { return }
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for sample in samples { out += "\(name){\(sample.labels)} \(sample.value)\n" }
        }
        func perTarget(_ value: (RunMetrics.TargetCounts) -> Int) -> [(labels: String, value: String)] {
            metrics.targets.keys.sorted().map { ("\(mapping),target=\"\(escape($0))\"", String(value(metrics.targets[$0]!))) }
        }
        func perEndpoint(_ value: (RunMetrics.EndpointCounts) -> Int) -> [(labels: String, value: String)] {
            metrics.endpoints.keys.sorted().map { ("\(mapping),endpoint=\"\(escape($0))\"", String(value(metrics.endpoints[$0]!))) }
        }
        family("attentive_sync_records_planned", "gauge", "Records the run planned to send, per target.", perTarget(\.planned))
        family("attentive_sync_records_sent_total", "counter", "Records Attentive acknowledged, per target.", perTarget(\.sent))
        family("attentive_sync_records_failed_total", "counter", "Records refused or undeliverable after retries, per target.", perTarget(\.failed))
        family("attentive_sync_records_rejected", "gauge", "Source rows rejected, per target.", perTarget(\.rejected))
        family("attentive_sync_records_not_attempted", "gauge", "Planned records not attempted (the run stopped), per target.", perTarget(\.notAttempted))
        family("attentive_sync_requests_total", "counter", "Requests sent, per endpoint.", perEndpoint(\.requests))
        family("attentive_sync_rate_limited_total", "counter", "Answers 429, per endpoint.", perEndpoint(\.rateLimited))
        family("attentive_sync_run_start_timestamp_seconds", "gauge", "When the run started.", [(mapping, seconds(metrics.startedAt))])
        family("attentive_sync_run_duration_seconds", "gauge", "How long the run has taken.", [(mapping, seconds(metrics.durationSeconds))])
        family("attentive_sync_send_duration_seconds", "gauge", "How long sending has taken.", [(mapping, seconds(metrics.sendDurationSeconds))])
        family("attentive_sync_run_finished", "gauge", "1 once the run has ended.", [(mapping, metrics.finished ? "1" : "0")])
        family("attentive_sync_exit_status", "gauge", "The run's exit status (0 ok, 1 partial, 2 usage, 3 aborted).",
               metrics.exitStatus.map { [(mapping, String($0))] } ?? [])
        family("attentive_sync_last_success_timestamp_seconds", "gauge", "When a run of this mapping last exited 0.",
               metrics.lastSuccess.map { [(mapping, seconds($0))] } ?? [])
        return out
    }

    /// Writes atomically: a temporary file in the same folder, then rename(2) over `path`.
    public static func write(_ metrics: RunMetrics, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).tmp-\(getpid())"
        let text = render(metrics)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw MetricsFileError(path: path, reason: String(cString: strerror(errno))) }
        let written = text.utf8CString.withUnsafeBufferPointer { Foundation.write(descriptor, $0.baseAddress, $0.count - 1) }
        close(descriptor)
        guard written == text.utf8.count, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw MetricsFileError(path: path, reason: reason)
        }
    }

    static func escape(_ label: String) -> String {
        label.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    static func seconds(_ value: Double) -> String {
        String(format: "%.3f", value)
    }
}

/// The metrics file could not be written.
public struct MetricsFileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write the metrics file \(path): \(reason)" }
}
