import Foundation

/// Checks a plan before anything is sent, against the two accidents that text or wipe many
/// people at once: an export that came out empty or short (a mass of removals), and a state that
/// is new or the wrong file (a first run subscribing everyone, which texts every existing subscriber).
public struct MassChangeGuard: Sendable {
    /// How many removals (unsubscribes, attribute clears, products marked unavailable) a target may have.
    public enum RemovalLimit: Sendable, Equatable {
        case count(Int)
        /// A share of the keys the state knows for the target.
        case share(Double)

        public static let `default` = RemovalLimit.share(0.1)

        /// `500` or `10%`.
        public init?(argument: String) {
            if argument.hasSuffix("%"), let percent = Double(argument.dropLast()), percent >= 0, percent <= 100 {
                self = .share(percent / 100)
            } else if let count = Int(argument), count >= 0 {
                self = .count(count)
            } else {
                return nil
            }
        }

        func allowed(known: Int) -> Int {
            switch self {
            case .count(let count): count
            case .share(let share): Int((Double(known) * share).rounded(.down))
            }
        }

        var text: String {
            switch self {
            case .count(let count): "\(count)"
            case .share(let share): String(format: "%g%%", share * 100)
            }
        }
    }

    /// One thing the guard found; each stops a run unless overridden.
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        public enum Kind: Sendable, Equatable { case removals, emptySource, firstRun }
        public var kind: Kind
        public var target: Target?
        public var description: String
    }

    public var maxRemovals: RemovalLimit
    /// `--first-run`: subscribe on a state with no runs of the mapping.
    public var firstRunAllowed: Bool

    public init(maxRemovals: RemovalLimit = .default, firstRunAllowed: Bool = false) {
        self.maxRemovals = maxRemovals
        self.firstRunAllowed = firstRunAllowed
    }

    /// What stops `plan` from being sent. `known`: keys the state holds per target, asked for
    /// only when the plan removes something; `hasRuns`: whether a run or baseline of the mapping
    /// is recorded in this state.
    public func check(_ plan: Plan, known: () throws -> [Target: Int], hasRuns: Bool, statePath: String) rethrows -> [Finding] {
        var findings: [Finding] = []
        var removals: [Target: Int] = [:]
        var subscribes = 0
        plan.changes.forEachEntry { change in
            switch change.operation {
            case .delete, .unsubscribe: removals[change.target, default: 0] += 1
            case .subscribe: subscribes += 1
            case .create, .update: break
            }
        }
        let knownKeys = removals.isEmpty || plan.rowsRead == 0 ? [:] : try known()
        for target in Target.allCases {
            guard let count = removals[target], count > 0 else { continue }
            let what = "\(count) \(target.deleteWord)\(count == 1 ? "" : "s") of \(target.rawValue)"
            if plan.rowsRead == 0 {
                findings.append(Finding(kind: .emptySource, target: target, description:
                    "the source \(plan.source) has no rows, and the plan would send \(what): an export that came out empty? "
                    + "Nothing was sent. If every key really left the source, pass --allow-mass-change."))
                continue
            }
            let stateKeys = knownKeys[target] ?? 0
            let allowed = maxRemovals.allowed(known: stateKeys)
            if count > allowed {
                findings.append(Finding(kind: .removals, target: target, description:
                    "the plan would send \(what), above --max-removals (\(maxRemovals.text) of the \(stateKeys) the state knows: \(allowed)). "
                    + "A short export? Nothing was sent. If the source is right, pass --max-removals \(count) (or a share, e.g. 50%) "
                    + "or --allow-mass-change."))
            }
        }
        if subscribes > 0, !hasRuns, !firstRunAllowed {
            findings.append(Finding(kind: .firstRun, target: .subscriptions, description:
                "this looks like a first run of '\(plan.mapping)': the state \(statePath) records no run of it, and the plan would "
                + "subscribe \(subscribes) \(subscribes == 1 ? "person" : "people"). Attentive texts every existing subscriber who is "
                + "subscribed again. If they are already in Attentive, run `attentive-sync baseline` first to adopt today's state "
                + "(or check --state: a mistyped path is a new, empty state); to send anyway, pass --first-run."))
        }
        return findings
    }
}
