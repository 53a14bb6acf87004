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
    /// Why the run stopped early (key refused, API unreachable); nil when it finished.
    public var abortReason: String?
}

/// A remark on one change's outcome, for the report.
public struct ChangeNote: Sendable, Equatable {
    public var key: String
    public var target: Target
    public var note: String
}

/// A snapshot for progress display.
public struct SendProgress: Sendable {
    public var done: Int
    public var total: Int
    public var elapsed: Duration

    /// Records per second so far.
    public var rate: Double {
        let seconds = elapsed.nanoseconds / 1e9
        return seconds > 0 ? Double(done) / seconds : 0
    }

    /// Seconds left at the current rate, when it can be told.
    public var secondsLeft: Double? {
        rate > 0 ? Double(total - done) / rate : nil
    }
}
