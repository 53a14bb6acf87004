import Foundation

/// One run at a time per sync: an exclusive `flock(2)` on a file beside the state, one file per
/// mapping name. The kernel releases it when the process ends however it ends (`kill -9`, OOM,
/// a reboot), so a lock is never left stale. Two mappings on one state have two locks.
///
/// The holder writes who it is (pid, host, command, since) into the file, for the message a
/// second run prints.
public final class RunLock: Sendable {
    /// Who holds a lock.
    public struct Holder: Sendable, Equatable, CustomStringConvertible {
        public var pid: Int32
        public var host: String
        public var command: String
        public var since: String

        public var description: String { "pid \(pid) on \(host) (\(command), since \(since))" }
    }

    /// Another process holds the lock.
    public struct HeldError: Error, Sendable, CustomStringConvertible {
        public var mapping: String
        public var holder: Holder?
        /// How long it was asked to wait (`--wait`), when it was.
        public var waited: Duration?

        public var description: String {
            let who = holder.map { "by \($0)" } ?? "by another process"
            let wait = waited.map { " after waiting \(Int($0.seconds)) s" } ?? ""
            return "another run of '\(mapping)' is in progress (held \(who))\(wait); nothing was sent. "
                + "Pass --wait [SECONDS] to wait for it to finish."
        }
    }

    public let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// The lock file of `mapping` on the state at `statePath`, however the path is spelled
    /// (`./state.sqlite`, a symlinked folder): the state's folder is resolved first.
    public static func path(statePath: String, mapping: String) -> String {
        let folder = (statePath as NSString).deletingLastPathComponent
        let resolved = (folder.isEmpty ? "." : folder).withCString { realpath($0, nil) }.map { pointer in
            defer { free(pointer) }
            return String(cString: pointer)
        }
        let state = (resolved ?? folder) + "/" + (statePath as NSString).lastPathComponent
        let safe = String(mapping.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-_.".unicodeScalars.contains($0) ? Character($0) : "_" })
        return state + ".locks/" + String(safe.prefix(80)) + "-" + String(FNV1a.hash(mapping) & 0xffff_ffff, radix: 16) + ".lock"
    }

    /// Takes the lock, or throws `HeldError` naming the holder. With `wait`, tries again until
    /// it has waited that long; `waiting` is called once when it starts waiting.
    public static func acquire(statePath: String, mapping: String, command: String, wait: Duration? = nil,
                               waiting: (Holder?) -> Void = { _ in }) async throws -> RunLock {
        guard !statePath.isEmpty else { throw ConfigurationError("the state path is empty: give a file path with --state") }
        let path = path(statePath: statePath, mapping: mapping)
        try PrivateFiles.createFolder((path as NSString).deletingLastPathComponent)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw ConfigurationError("cannot open the run lock \(path): \(String(cString: strerror(errno)))")
        }
        do {
            try await retry(mapping: mapping, wait: wait, waiting: waiting, holder: { readHolder(descriptor) }) {
                if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return true }
                guard errno == EWOULDBLOCK else { throw ConfigurationError("cannot lock \(path): \(String(cString: strerror(errno)))") }
                return false
            }
        } catch {
            close(descriptor)
            throw error
        }
        let holder = Holder(pid: getpid(), host: ProcessInfo.processInfo.hostName, command: command, since: Timestamp.now())
        let text = "\(holder.pid)\n\(holder.host)\n\(holder.command)\n\(holder.since)\n"
        ftruncate(descriptor, 0)
        _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return RunLock(path: path, descriptor: descriptor)
    }

    /// Tries `take` until it takes the lock, or throws `HeldError` with the `holder` once `wait`
    /// has passed (at once without one, after a short grace). Every kind of run lock waits so.
    static func retry(mapping: String, wait: Duration?, waiting: (Holder?) -> Void, holder: () -> Holder?,
                      take: () throws -> Bool) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        // A short grace covers `history` peeking at the lock for an instant.
        let deadline = start + max(wait ?? .zero, .milliseconds(300))
        var announced = false
        while try !take() {
            guard clock.now < deadline else { throw HeldError(mapping: mapping, holder: holder(), waited: wait) }
            if wait != nil, !announced, clock.now - start >= .milliseconds(300) {
                announced = true
                waiting(holder())
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Whether some process holds the lock of `mapping` now (for `history`: a run recorded as
    /// running whose lock is free has died).
    public static func isHeld(statePath: String, mapping: String) -> Bool {
        let descriptor = open(path(statePath: statePath, mapping: mapping), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_SH | LOCK_NB) == 0 else { return errno == EWOULDBLOCK }
        flock(descriptor, LOCK_UN)
        return false
    }

    static func readHolder(_ descriptor: Int32) -> Holder? {
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let lines = String(decoding: buffer[0..<count], as: UTF8.self).split(separator: "\n").map(String.init)
        guard lines.count >= 4, let pid = Int32(lines[0]) else { return nil }
        return Holder(pid: pid, host: lines[1], command: lines[2], since: lines[3])
    }
}
