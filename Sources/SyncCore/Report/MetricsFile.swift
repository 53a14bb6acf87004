import Foundation

/// What a run's metrics file says (Prometheus text format, for node_exporter's textfile collector).
public struct RunMetrics: Sendable, Equatable {
    /// One target's records: `customAttributes`, `subscriptions`, `identityLinks`, `products`.
    public struct TargetCounts: Sendable, Equatable {
        public var planned = 0, sent = 0, failed = 0, rejected = 0, notAttempted = 0, pending = 0

        public init(planned: Int = 0, sent: Int = 0, failed: Int = 0, rejected: Int = 0, notAttempted: Int = 0, pending: Int = 0) {
            self.planned = planned
            self.sent = sent
            self.failed = failed
            self.rejected = rejected
            self.notAttempted = notAttempted
            self.pending = pending
        }
    }

    /// One endpoint's requests: `attributes`, `identity`, `subscribe`, `unsubscribe`,
    /// `subscriptionCheck`, `catalog`, `me`.
    public struct EndpointCounts: Sendable, Equatable {
        public var requests = 0, rateLimited = 0

        public init(requests: Int = 0, rateLimited: Int = 0) {
            self.requests = requests
            self.rateLimited = rateLimited
        }
    }

    public var mapping: String
    /// By target name.
    public var targets: [String: TargetCounts]
    /// By endpoint name.
    public var endpoints: [String: EndpointCounts]
    /// When the run started, in Unix seconds.
    public var startedAt: Double
    public var durationSeconds: Double
    public var sendDurationSeconds: Double
    public var finished: Bool
    /// Set when finished.
    public var exitStatus: Int32?
    /// Unix seconds of the last run of this mapping that exited 0 (this one included), nil if none.
    public var lastSuccess: Double?

    public init(mapping: String, targets: [String: TargetCounts] = [:], endpoints: [String: EndpointCounts] = [:],
                startedAt: Double = 0, durationSeconds: Double = 0, sendDurationSeconds: Double = 0,
                finished: Bool = false, exitStatus: Int32? = nil, lastSuccess: Double? = nil) {
        self.mapping = mapping
        self.targets = targets
        self.endpoints = endpoints
        self.startedAt = startedAt
        self.durationSeconds = durationSeconds
        self.sendDurationSeconds = sendDurationSeconds
        self.finished = finished
        self.exitStatus = exitStatus
        self.lastSuccess = lastSuccess
    }
}

/// Renders `RunMetrics` as Prometheus text format and writes it where a textfile collector reads it.
public enum MetricsFile {
    /// The families in a fixed order, each with `# HELP` and `# TYPE`, one sample per label set,
    /// label sets sorted. A family with nothing to say yet (no targets, no exit status while
    /// running, no success ever) has no lines rather than a made-up sample.
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
        family("attentive_sync_records_pending", "gauge", "Records sent whose outcome the next run settles (bulk jobs still running), per target.", perTarget(\.pending))
        family("attentive_sync_requests_total", "counter", "Requests sent, per endpoint.", perEndpoint(\.requests))
        family("attentive_sync_rate_limited_total", "counter", "Answers 429, per endpoint.", perEndpoint(\.rateLimited))
        family("attentive_sync_run_start_timestamp_seconds", "gauge", "When the run started.", [(mapping, seconds(metrics.startedAt))])
        family("attentive_sync_run_duration_seconds", "gauge", "How long the run has taken.", [(mapping, seconds(metrics.durationSeconds))])
        family("attentive_sync_send_duration_seconds", "gauge", "How long sending has taken.", [(mapping, seconds(metrics.sendDurationSeconds))])
        family("attentive_sync_run_finished", "gauge", "1 once the run has ended.", [(mapping, metrics.finished ? "1" : "0")])
        family("attentive_sync_exit_status", "gauge", "The run's exit status (0 ok, 1 partial, 2 usage, 3 aborted).",
               metrics.finished ? metrics.exitStatus.map { [(mapping, String($0))] } ?? [] : [])
        family("attentive_sync_last_success_timestamp_seconds", "gauge", "When a run of this mapping last exited 0.",
               metrics.lastSuccess.map { [(mapping, seconds($0))] } ?? [])
        return out
    }

    /// Writes atomically: a temporary file in the same folder (`.NAME.tmp-PID`, mode 0644: the
    /// collector reads it as another user, and it holds counts only), then rename(2) over `path`.
    /// A character device (`/dev/null`) is written in place: a rename would put a file there.
    /// - Throws: `MetricsFileError`, naming `path` and the system's reason.
    public static func write(_ metrics: RunMetrics, to path: String) throws {
        let bytes = Array(render(metrics).utf8)
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFCHR {
            let descriptor = open(path, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw MetricsFileError(path: path, errno: errno) }
            defer { close(descriptor) }
            guard writeAll(bytes, to: descriptor) else { throw MetricsFileError(path: path, errno: errno) }
            return
        }
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw MetricsFileError(path: path, errno: errno) }
        // open(2)'s mode passes through the umask; the collector must be able to read the file.
        var failure: Int32?
        if fchmod(descriptor, 0o644) != 0 || !writeAll(bytes, to: descriptor) { failure = errno }
        if close(descriptor) != 0, failure == nil { failure = errno }
        if failure == nil, rename(temporary, path) != 0 { failure = errno }
        if let failure {
            unlink(temporary)
            throw MetricsFileError(path: path, errno: failure)
        }
    }

    /// Writes every byte, through short writes and interruptions; false on an error (in `errno`).
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
    }

    /// A label value escaped as the text format wants: backslash, double quote, newline.
    static func escape(_ label: String) -> String {
        label.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Seconds with up to 3 decimals (`1764680400`, `2.5`, `0.125`), as Prometheus reads them.
    static func seconds(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : value > 0 ? "+Inf" : "-Inf" }
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}

/// The metrics file could not be written: its path and the system's reason, nothing else.
public struct MetricsFileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    /// `strerror` of the failing call.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    init(path: String, errno code: Int32) {
        self.init(path: path, reason: String(cString: strerror(code)))
    }

    public var description: String { "cannot write the metrics file \(path): \(reason)" }
}
