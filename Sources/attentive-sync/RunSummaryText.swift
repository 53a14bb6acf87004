import Foundation
import SyncCore

/// The end-of-run summary: the plan's counts, per target planned → sent / failed / not
/// attempted, how it ended, and the most common failure reasons.
struct RunSummaryText {
    let outcome: RunOutcome

    init(_ outcome: RunOutcome) { self.outcome = outcome }

    var text: String {
        let s = outcome.summary
        let result = outcome.result
        var lines = [
            "Run \(s.id): \(s.creates) create, \(s.updates) update, \(s.deletes) delete, \(s.unchanged) unchanged, "
                + "\(s.rejected) rejected rows, \(s.duplicates) duplicate keys",
        ]
        for target in Target.allCases {
            guard let counts = result.targets[target], counts.planned > 0 else { continue }
            lines.append("  \(target.rawValue): \(counts.planned) planned → \(counts.sent) sent, \(counts.failed) failed, "
                         + (counts.pending > 0 ? "\(counts.pending) pending, " : "") + "\(counts.notAttempted) not attempted"
                         + (counts.inBulk > 0 ? " (\(counts.inBulk) submitted in bulk jobs)" : ""))
        }
        if result.bulkJobs > 0 {
            lines.append("Bulk: \(result.bulkRecords) records in \(result.bulkJobs) jobs")
        }
        if result.pending > 0 {
            lines.append("Pending: \(result.pending) changes whose outcome Attentive has yet to give; the next run settles them")
        }
        lines.append("Sent \(s.sent), failed \(s.failed), not attempted \(result.notAttempted) in "
                     + "\(String(format: "%.1f", Double(s.durationMilliseconds) / 1000))s — \(s.status.rawValue)")
        if let reason = result.abortReason { lines.append((result.interrupted ? "Stopped: " : "Aborted: ") + reason) }
        let reasons = result.topFailureReasons()
        if !reasons.isEmpty {
            lines.append("Failure reasons:")
            for (reason, count) in reasons { lines.append("  \(count) × \(reason)") }
        }
        for failure in result.failures.prefix(20) {
            lines.append("  failed \(failure.key): \(failure.reason)")
        }
        if result.failures.count > 20 { lines.append("  … and \(result.failures.count - 20) more (see --report)") }
        return lines.joined(separator: "\n")
    }
}
