/// What a send achieved.
public struct SendResult: Sendable {
    /// Changes Attentive acknowledged, now recorded in the state.
    public var acknowledged = 0
    /// Changes Attentive refused (4xx) or that could not be delivered after every retry.
    public var failures: [RecordFailure] = []
    /// Changes not attempted because the run stopped.
    public var notAttempted = 0
    /// Why the run stopped early (key refused, API unreachable); nil when it finished.
    public var abortReason: String?
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
