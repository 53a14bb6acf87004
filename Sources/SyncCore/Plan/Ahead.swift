import Dispatch

/// Work started on another thread now, its result waited for later: what overlaps the caller's
/// own work in between.
final class Ahead<Value>: @unchecked Sendable {
    // Unchecked: `value` is written once on the worker before `done` is signalled, and read
    // only after waiting on it.
    private var value: Value?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async { [self] in
            value = work()
            done.signal()
        }
    }

    /// Waits for the work to finish, leaving its result to `result()`.
    func wait() {
        done.wait()
        done.signal()
    }

    /// Waits for the work to finish and hands over what it made (kept nowhere else, so a value
    /// mutated next is not copied). Call once.
    func result() -> Value {
        done.wait()
        defer { value = nil }
        return value!
    }
}
