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

        /// The first reason to stop wins, for the run and for its result.
        mutating func stop(because reason: String) {
            if stopReason == nil { stopReason = reason }
            if result.abortReason == nil { result.abortReason = reason }
        }
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
            tally.stop(because: reason)
            tally.result.interrupted = true
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
                if tally.unanswered >= configuration.abortAfterUnansweredRequests {
                    tally.stop(because: "the API cannot be reached: \(reason)")
                }
                return
            }
            tally.answered = true
            if response == .rateLimited { tally.result.requests[endpoint.name, default: .init()].rateLimited += 1 }
        }
    }

    /// Stops the run for `reason` (the key was refused, the state cannot be written).
    func abort(_ reason: String) {
        tally.withLock { $0.stop(because: reason) }
    }

    /// A snapshot for progress display.
    func progress(elapsed: Duration) -> SendProgress {
        tally.withLock { SendProgress(targets: $0.result.targets, requests: $0.result.requests, elapsed: elapsed) }
    }

    var result: SendResult { tally.withLock { $0.result } }
}
