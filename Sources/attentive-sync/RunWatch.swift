import Foundation
import Logging
import SyncCore
import Synchronization

/// The metrics file of one run (`--metrics-file`): rewritten while it sends and once at its end.
final class RunWatch: Sendable {
    let logger: Logger
    private let path: String?
    private let metrics: Mutex<RunMetrics>
    private let started = ContinuousClock.now
    /// The run before this one, which the state reflects: what the report compares against.
    let previousRun: RunSummary?

    init(mapping: String, state: any StateStore, metricsFile: String?, logger: Logger) {
        self.logger = logger
        path = metricsFile
        var metrics = RunMetrics(mapping: mapping)
        metrics.startedAt = Date().timeIntervalSince1970
        metrics.lastSuccess = (try? state.lastSuccess(mapping: mapping)).flatMap { $0 }.flatMap(Self.unixTime)
        self.metrics = Mutex(metrics)
        previousRun = (try? state.runs(mapping: mapping, limit: 1))?.first
    }

    /// During the send.
    func update(_ progress: SendProgress) {
        write { metrics in
            Self.apply(progress.targets, progress.requests, to: &metrics)
            metrics.sendDurationSeconds = progress.elapsed.seconds
        }
    }

    /// At the end of a run that sent.
    func finish(_ outcome: RunOutcome) {
        write { metrics in
            Self.apply(outcome.result.targets, outcome.result.requests, to: &metrics)
            metrics.sendDurationSeconds = outcome.result.sendDuration.seconds
            Self.end(&metrics, status: outcome.exitStatus)
        }
    }

    /// At the end, however it ended.
    func finish(status: ExitStatus) {
        write { Self.end(&$0, status: status) }
    }

    private static func end(_ metrics: inout RunMetrics, status: ExitStatus) {
        metrics.finished = true
        metrics.exitStatus = status.rawValue
        if status == .success { metrics.lastSuccess = Date().timeIntervalSince1970 }
    }

    /// Records the plan's per-target counts.
    func planned(_ plan: Plan) {
        write { metrics in
            for (target, counts) in plan.targetCounts {
                metrics.targets[target.rawValue, default: .init()].planned = counts.create + counts.update + counts.delete
                metrics.targets[target.rawValue, default: .init()].rejected = counts.rejected
            }
        }
    }

    private static func apply(_ targets: [Target: TargetProgress], _ requests: [String: RequestCounts], to metrics: inout RunMetrics) {
        for (target, counts) in targets {
            metrics.targets[target.rawValue, default: .init()].sent = counts.sent
            metrics.targets[target.rawValue, default: .init()].failed = counts.failed
            metrics.targets[target.rawValue, default: .init()].notAttempted = counts.notAttempted
            metrics.targets[target.rawValue, default: .init()].pending = counts.pending
        }
        for (endpoint, counts) in requests {
            metrics.endpoints[endpoint] = RunMetrics.EndpointCounts(requests: counts.requests, rateLimited: counts.rateLimited)
        }
    }

    private func write(_ change: (inout RunMetrics) -> Void) {
        let snapshot = metrics.withLock { metrics in
            change(&metrics)
            metrics.durationSeconds = (ContinuousClock.now - started).seconds
            return metrics
        }
        guard let path else { return }
        do { try MetricsFile.write(snapshot, to: path) } catch {
            logger.warning("cannot write the metrics file", metadata: ["reason": "\(error)"])
        }
    }

    static func unixTime(_ iso: String) -> Double? {
        (try? Date(iso, strategy: .iso8601))?.timeIntervalSince1970
    }
}
