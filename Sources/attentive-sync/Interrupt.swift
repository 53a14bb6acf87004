import Dispatch
import Foundation
import Synchronization

/// SIGINT and SIGTERM for the whole command. The first signal calls the handler of the phase the
/// command is in (planning cancels, sending stops taking new work); a second one quits at once.
final class StopSignals: Sendable {
    static let shared = StopSignals()

    private struct State {
        var handler: (@Sendable (String) -> Void)?
        var received: String?
    }

    private let state = Mutex(State())
    private let sources = Mutex<[DispatchSourceSignal]>([])

    /// Takes SIGINT and SIGTERM over from the default action (ending the process).
    func install() {
        sources.withLock { sources in
            guard sources.isEmpty else { return }
            for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [self] in received(name, number: number) }
                source.resume()
                sources.append(source)
            }
        }
    }

    /// The signal received, if one was.
    var received: String? { state.withLock { $0.received } }

    /// Calls `handler` on the first signal, at once if one already came; until `clear`.
    func onStop(_ handler: @escaping @Sendable (String) -> Void) {
        let already = state.withLock { state -> String? in
            state.handler = handler
            return state.received
        }
        if let already { handler(already) }
    }

    private func received(_ name: String, number: Int32) {
        let handler = state.withLock { state -> (@Sendable (String) -> Void)?? in
            guard state.received == nil else { return nil }
            state.received = name
            return .some(state.handler)
        }
        guard let handler else {
            printError("\(name) again: quitting at once")
            exit(128 + number)
        }
        handler?(name)
    }
}

/// Runs `body` so that SIGINT or SIGTERM cancels it — a query running on the server is cancelled
/// with `PQcancel` and the command ends with the error `body` throws — instead of killing the
/// process. A second signal quits at once.
func cancellingOnInterrupt<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let task = Task { try await body() }
    StopSignals.shared.install()
    StopSignals.shared.onStop { name in
        printError("\(name): stopping (again to quit at once)")
        task.cancel()
    }
    defer { StopSignals.shared.betweenSteps() }
    return try await task.value
}

extension StopSignals {
    /// Between two stoppable steps: a signal is remembered (the next step stops at once) and said so.
    func betweenSteps() {
        onStop { name in printError("\(name): stopping after this step (again to quit at once)") }
    }
}
