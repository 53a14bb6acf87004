/// What a send achieved.
public struct SendResult: Sendable {
    /// Changes Attentive acknowledged, now recorded in the state.
    public var acknowledged = 0
    /// Changes Attentive refused (4xx) or that could not be delivered after every retry.
    public var failures: [RecordFailure] = []
    /// What Attentive said about single changes: a subscribe's `NEWLY_CREATED`/`PREVIOUSLY_CREATED`,
    /// a lost answer found applied, an unknown key found not subscribed.
    public var notes: [ChangeNote] = []
    /// Changes not attempted because the run stopped.
    public var notAttempted = 0
    /// Changes whose outcome the next run settles: in bulk jobs still running when the run
    /// ended, or subscribes whose bulk answer was lost (Attentive shows later whether they applied).
    public var pending = 0
    /// Requests to the bulk endpoints Attentive accepted, and the records they carried.
    public var bulkJobs = 0
    public var bulkRecords = 0
    /// Why the run stopped early (key refused, API unreachable); nil when it finished.
    public var abortReason: String?
    /// A signal stopped the run; `abortReason` says which.
    public var interrupted = false
    /// Per target: planned, sent, failed.
    public var targets: [Target: TargetProgress] = [:]
    /// Per endpoint name: requests and 429s.
    public var requests: [String: RequestCounts] = [:]
    /// From the first request to the last answer.
    public var sendDuration: Duration = .zero

    public init() {}

    /// The most common failure reasons with their counts, most frequent first.
    public func topFailureReasons(_ count: Int = 5) -> [(reason: String, count: Int)] {
        var counts: [String: Int] = [:]
        for failure in failures { counts[failure.reason, default: 0] += 1 }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(count).map { (reason: $0.key, count: $0.value) }
    }
}

/// One target's records in a send.
public struct TargetProgress: Sendable, Equatable {
    public var planned = 0
    public var sent = 0
    public var failed = 0
    /// Settled by the next run (`SendResult.pending`).
    public var pending = 0
    /// Submitted in bulk jobs Attentive accepted.
    public var inBulk = 0
    public var notAttempted: Int { planned - sent - failed - pending }
    public var done: Int { sent + failed }

    public init(planned: Int = 0, sent: Int = 0, failed: Int = 0) {
        self.planned = planned
        self.sent = sent
        self.failed = failed
    }
}

/// One endpoint's requests in a send.
public struct RequestCounts: Sendable, Equatable {
    public var requests = 0
    public var rateLimited = 0
    public var retries = 0

    public init(requests: Int = 0, rateLimited: Int = 0, retries: Int = 0) {
        self.requests = requests
        self.rateLimited = rateLimited
        self.retries = retries
    }
}

/// A remark on one change's outcome, for the report.
public struct ChangeNote: Sendable, Equatable {
    public var key: String
    public var target: Target
    public var note: String
}

/// A snapshot for progress display.
public struct SendProgress: Sendable {
    /// The run in the history, once it has one.
    public var runID: Int64?
    public var targets: [Target: TargetProgress]
    public var requests: [String: RequestCounts]
    public var elapsed: Duration

    /// Records of `target` per second so far.
    public func rate(_ target: Target) -> Double {
        let seconds = elapsed.seconds
        return seconds > 0 ? Double(targets[target]?.done ?? 0) / seconds : 0
    }

    /// Seconds left for `target` at its current rate, when it can be told.
    public func secondsLeft(_ target: Target) -> Double? {
        let rate = rate(target)
        guard rate > 0, let progress = targets[target] else { return nil }
        return Double(progress.planned - progress.done) / rate
    }
}
