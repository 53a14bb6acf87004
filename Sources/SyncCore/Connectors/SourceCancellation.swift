import Synchronization

/// Stops a source that another thread is reading: Ctrl-C while `plan` reads a query.
///
/// The reading side checks `isCancelled` between rows; a source that blocks inside a C
/// library (libpq waiting on the server) registers what interrupts that call with
/// `onCancel`, and `cancel()` runs it at once — or right away on registration, when the
/// cancel came first.
public final class SourceCancellation: Sendable {
    private let cancelled = Atomic<Bool>(false)
    private let handler = Mutex<(@Sendable () -> Void)?>(nil)

    public init() {}

    public var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    /// Marks the read as cancelled and interrupts the blocking call, if one is registered.
    public func cancel() {
        guard !cancelled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // Called outside the lock: the closure keeps what it interrupts alive while it runs.
        handler.withLock { $0 }?()
    }

    /// Registers the interruption of the source's blocking call, replacing any earlier one;
    /// runs it now when the read is already cancelled.
    public func onCancel(_ interrupt: @escaping @Sendable () -> Void) {
        handler.withLock { $0 = interrupt }
        if isCancelled { interrupt() }
    }

    /// Drops the registered interruption: the source is closing.
    public func clearHandler() {
        handler.withLock { $0 = nil }
    }

    /// Throws `SourceCanceledError` once `cancel()` was called.
    public func check(_ source: String) throws(SourceCanceledError) {
        if isCancelled { throw SourceCanceledError(source: source) }
    }
}

/// Reading the source was cancelled (Ctrl-C) before it ended; nothing was sent.
public struct SourceCanceledError: Error, Sendable, CustomStringConvertible {
    public var source: String

    public var description: String { "\(source): canceled before the whole source was read; nothing was sent" }
}
