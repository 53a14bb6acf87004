import Synchronization

/// The bulk jobs a run waits for, each looked at on its own schedule while the rest are still
/// being submitted: first `firstPause` after its submission, then twice as long each time, up
/// to 30 s.
final class JobWatch: Sendable {
    struct Watched: Sendable {
        var job: BulkSubmission
        var due: ContinuousClock.Instant
        var pause: Duration
        var looks = 0
    }

    private struct Jobs {
        var watched: [Watched] = []
        var submitting = true
    }

    private let firstPause: Duration
    private let jobs = Mutex(Jobs())

    init(firstPause: Duration) {
        self.firstPause = firstPause
    }

    func add(_ job: BulkSubmission) {
        jobs.withLock { $0.watched.append(Watched(job: job, due: .now + firstPause, pause: firstPause)) }
    }

    /// Every request has been submitted.
    func submissionsEnded() {
        jobs.withLock { $0.submitting = false }
    }

    var isSubmitting: Bool { jobs.withLock { $0.submitting } }

    /// The jobs due for a look (past the deadline: those never looked at), taken out of the
    /// watch; whether any are left or may still come.
    func takeDue(at now: ContinuousClock.Instant, pastDeadline: Bool) -> (due: [Watched], more: Bool) {
        jobs.withLock { jobs in
            let isDue: (Watched) -> Bool = pastDeadline ? { $0.looks == 0 } : { $0.due <= now }
            let due = jobs.watched.filter(isDue)
            jobs.watched.removeAll(where: isDue)
            return (due, !jobs.watched.isEmpty || jobs.submitting)
        }
    }

    /// A job still running, looked at again later.
    func again(_ watched: Watched, at now: ContinuousClock.Instant) {
        var watched = watched
        watched.looks += 1
        watched.due = now + watched.pause
        watched.pause = min(watched.pause * 2, .seconds(30))
        jobs.withLock { $0.watched.append(watched) }
    }

    /// The jobs left when the wait ends.
    func remaining() -> [BulkSubmission] {
        jobs.withLock { $0.watched.map(\.job) }
    }
}
