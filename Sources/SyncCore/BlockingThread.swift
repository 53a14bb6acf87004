import Foundation

/// Runs blocking work — libpq waiting on a server, a file read — on a thread of its own,
/// so it never holds one of the few threads of Swift's cooperative pool.
public enum BlockingThread {
    /// Runs `body` on a new thread and resumes with its result.
    public static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try body() })
            }
            thread.name = name
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
