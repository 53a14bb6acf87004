import Dispatch
import Foundation

/// Runs `body` so that Ctrl-C cancels it — a query running on the server is cancelled with
/// `PQcancel` and the command ends with the error `body` throws — instead of killing the
/// process. A second Ctrl-C quits at once.
func cancellingOnInterrupt<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let task = Task { try await body() }
    signal(SIGINT, SIG_IGN)
    let interrupts = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    interrupts.setEventHandler {
        printError("interrupted: stopping (Ctrl-C again to quit at once)")
        signal(SIGINT, SIG_DFL)
        task.cancel()
    }
    interrupts.resume()
    defer {
        interrupts.cancel()
        signal(SIGINT, SIG_DFL)
    }
    return try await task.value
}
