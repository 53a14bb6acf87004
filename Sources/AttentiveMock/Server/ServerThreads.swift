import Dispatch

/// Threads of the server's own for its tasks: a test that blocks the cooperative pool's few
/// threads (waiting on a process, a database) would otherwise keep the server from answering
/// until a client's deadline passes.
final class ServerThreads: TaskExecutor, @unchecked Sendable {
    static let shared = ServerThreads()

    private let queue = DispatchQueue(label: "attentive-mock.server", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
