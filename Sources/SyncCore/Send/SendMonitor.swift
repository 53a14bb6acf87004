import Synchronization

/// What the requests of one run have seen so far, shared by everything that sends: counts per
/// target and endpoint, and whether the run must stop — a signal asked, or the API cannot be
/// reached at all (every request so far went unanswered), or too many records failed in a row.
public final class SendMonitor: Sendable {
    struct Tally {
        var result = SendResult()
        var consecutiveFailures = 0
        var answered = false
        var unanswered = 0
        var stopReason: String?
    }

    let configuration: SenderConfiguration
    private let tally = Mutex(Tally())

    public init(configuration: SenderConfiguration) {
        self.configuration = configuration
    }

    /// Why sending must stop, or nil while it may go on.
    public var stopReason: String? { tally.withLock { $0.stopReason } }

    /// A signal: take no new work, retry nothing; requests in flight finish.
    public func stop(_ reason: String) {
        tally.withLock { tally in
            if tally.stopReason == nil { tally.stopReason = reason }
            tally.result.interrupted = true
            if tally.result.abortReason == nil { tally.result.abortReason = reason }
        }
    }

    func withTally<T>(_ body: (inout Tally) -> T) -> T { tally.withLock { body(&$0) } }

    /// One request about to go out (`retry`: not its first attempt).
    func sending(_ endpoint: Endpoint, retry: Bool) {
        tally.withLock { tally in
            tally.result.requests[endpoint.name, default: .init()].requests += 1
            if retry { tally.result.requests[endpoint.name, default: .init()].retries += 1 }
        }
    }

    /// Counts an answer; a run whose every request so far went unanswered aborts.
    func received(_ response: APIResponse, from endpoint: Endpoint) {
        tally.withLock { tally in
            if case .transportError(let reason) = response {
                guard !tally.answered else { return }
                tally.unanswered += 1
                if tally.unanswered >= configuration.abortAfterUnansweredRequests, tally.stopReason == nil {
                    let reason = "the API cannot be reached: \(reason)"
                    tally.stopReason = reason
                    tally.result.abortReason = reason
                }
                return
            }
            tally.answered = true
            if response == .rateLimited { tally.result.requests[endpoint.name, default: .init()].rateLimited += 1 }
        }
    }

    /// Stops the run for `reason` (the key was refused, the state cannot be written).
    func abort(_ reason: String) {
        tally.withLock { tally in
            if tally.stopReason == nil { tally.stopReason = reason }
            if tally.result.abortReason == nil { tally.result.abortReason = reason }
        }
    }

    /// A snapshot for progress display.
    func progress(elapsed: Duration) -> SendProgress {
        tally.withLock { SendProgress(targets: $0.result.targets, requests: $0.result.requests, elapsed: elapsed) }
    }

    var result: SendResult { tally.withLock { $0.result } }
}
