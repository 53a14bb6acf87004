import Foundation
import Logging
import SyncCore
import Synchronization

/// Shows a send's progress per target: on a terminal, one line per target redrawn in place;
/// off a terminal (or with `--log-format json`), a log line per active target every interval.
final class ProgressDisplay: Sendable {
    let onTerminal: Bool
    let logger: Logger
    private let drawnLines = Mutex(0)

    init(logger: Logger) {
        onTerminal = isatty(STDERR_FILENO) == 1 && StderrLogHandler.format != .json
        self.logger = logger
    }

    /// How often to show progress: every second on a terminal, else every `interval`.
    func interval(_ interval: Duration) -> Duration { onTerminal ? .seconds(1) : interval }

    func show(_ progress: SendProgress) {
        let targets = Target.allCases.filter { progress.targets[$0].map { $0.planned > 0 } ?? false }
        if onTerminal {
            let lines = targets.map { Self.line($0, progress) }
            let previous = drawnLines.withLock { drawn in
                defer { drawn = lines.count }
                return drawn
            }
            var text = previous > 0 ? "\u{1B}[\(previous)A" : ""
            for line in lines { text += "\u{1B}[2K" + line + "\n" }
            FileHandle.standardError.write(Data(text.utf8))
            return
        }
        for target in targets {
            guard let counts = progress.targets[target], counts.done < counts.planned else { continue }
            var metadata: Logger.Metadata = [
                "target": "\(target.rawValue)", "done": .stringConvertible(counts.done), "planned": .stringConvertible(counts.planned),
                "sent": .stringConvertible(counts.sent), "failed": .stringConvertible(counts.failed),
                "notAttempted": .stringConvertible(counts.notAttempted),
                "perSecond": .stringConvertible((progress.rate(target) * 10).rounded() / 10),
                "rateLimited": .stringConvertible(Self.rateLimited(target, progress)),
            ]
            if let eta = progress.secondsLeft(target) { metadata["etaSeconds"] = .stringConvertible(Int(eta.rounded())) }
            if let runID = progress.runID { metadata["runId"] = .stringConvertible(runID) }
            logger.info("progress", metadata: metadata)
        }
    }

    /// `customAttributes  1,204/5,000  149.8/s  ETA 25s  failed 0  429s 0`
    static func line(_ target: Target, _ progress: SendProgress) -> String {
        let counts = progress.targets[target] ?? TargetProgress()
        let eta = counts.done >= counts.planned ? "done" : progress.secondsLeft(target).map { "ETA \(Int($0.rounded()))s" } ?? "ETA ?"
        let name = target.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0)
        return name + " \(counts.done)/\(counts.planned)  " + String(format: "%.1f/s", progress.rate(target))
            + "  \(eta)  failed \(counts.failed)  429s \(rateLimited(target, progress))"
    }

    static func rateLimited(_ target: Target, _ progress: SendProgress) -> Int {
        target.endpointNames.reduce(0) { $0 + (progress.requests[$1]?.rateLimited ?? 0) }
    }
}
