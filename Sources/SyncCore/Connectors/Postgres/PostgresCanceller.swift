import CLibPQ

/// Asks the server to cancel the query a connection is running (`PQcancel`), from any thread.
///
/// `@unchecked Sendable`: libpq documents `PQcancel` as safe to call from another thread
/// (even a signal handler) while the connection is in use; the `PGcancel` is freed only in
/// deinit, once no one can call `cancel()` any more.
final class PostgresCanceller: @unchecked Sendable {
    private let handle: OpaquePointer

    init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    deinit { PQfreeCancel(handle) }

    /// Sends the cancel request; the running statement then fails with SQLSTATE 57014.
    func cancel() {
        var message = [CChar](repeating: 0, count: 256)
        _ = PQcancel(handle, &message, Int32(message.count))
    }
}
