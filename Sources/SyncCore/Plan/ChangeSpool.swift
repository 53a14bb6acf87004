import Foundation
import Synchronization

/// A plan's changes, in the order they were planned, kept in a file instead of in memory: the
/// targets append them as they plan, and the reports, the guards and the sender read them back
/// in order, in large reads (`for change in spool`). Memory holds 16 bytes per change
/// (`Entry`): a plan of a million creates does not hold a million changes.
///
/// The file is private (mode 0600) in the temporary folder (`TMPDIR`), created on the first
/// megabyte of changes, and unlinked as soon as it is open, so it is gone when the process ends,
/// however it ends. The encoding is `ChangeSpool+Encoding.swift`'s. A plan's copies share its spool.
public final class ChangeSpool: Sequence, Sendable, ExpressibleByArrayLiteral {
    /// What memory keeps of a change: where it is in the file, and what it does to which target.
    public struct Entry: Sendable {
        fileprivate var offset: UInt64
        public var target: Target
        public var operation: Change.Operation
    }

    private struct Storage {
        var descriptor: Int32 = -1
        var entries: [Entry] = []
        /// Encoded changes not yet in the file, from byte `written` on.
        var pending: [UInt8] = []
        var written: UInt64 = 0
        var total: UInt64 { written + UInt64(pending.count) }
    }

    private let storage = Mutex(Storage())
    /// Where the file is made.
    private let directory: String
    static let flushSize = 1 << 20

    public init(directory: String = NSTemporaryDirectory()) {
        self.directory = directory
    }

    /// A spool of `changes` (tests, and plans made by hand).
    public convenience init(_ changes: some Sequence<Change>) {
        self.init()
        // Below `flushSize` nothing is written; past it, a write error is the machine's, as a failed allocation is.
        do { for change in changes { try append(change) } } catch { preconditionFailure("\(error)") }
    }

    public convenience init(arrayLiteral changes: Change...) { self.init(changes) }

    deinit {
        storage.withLock { if $0.descriptor >= 0 { close($0.descriptor) } }
    }

    public var count: Int { storage.withLock { $0.entries.count } }
    public var isEmpty: Bool { count == 0 }
    public var underestimatedCount: Int { count }
    /// Bytes already in the file; the rest are still in memory.
    var bytesInFile: UInt64 { storage.withLock { $0.written } }

    /// Adds `change` after the others.
    /// - Throws: `ChangeSpoolError` when the temporary file cannot be created or written.
    public func append(_ change: Change) throws {
        try storage.withLock { storage in
            storage.entries.append(Entry(offset: storage.total, target: change.target, operation: change.operation))
            ChangeEncoding.write(change, to: &storage.pending)
            if storage.pending.count >= Self.flushSize { try flush(&storage) }
        }
    }

    /// Each change's target and operation, in order, without reading the file.
    public func forEachEntry(_ body: (Entry) throws -> Void) rethrows {
        let entries = storage.withLock { $0.entries }
        for entry in entries { try body(entry) }
    }

    /// The change at `index`, read on its own: for a few. Reading many, iterate.
    public subscript(index: Int) -> Change {
        let (start, end) = storage.withLock { storage in
            (storage.entries[index].offset, index + 1 < storage.entries.count ? storage.entries[index + 1].offset : storage.total)
        }
        return read(at: start, count: Int(end - start)).withUnsafeBytes(ChangeEncoding.read)
    }

    public var first: Change? { isEmpty ? nil : self[0] }
    public var last: Change? { isEmpty ? nil : self[count - 1] }

    public func makeIterator() -> Iterator { makeIterator(from: 0) }

    /// The changes from `index` on, in order.
    public func makeIterator(from index: Int) -> Iterator {
        let (entries, total) = storage.withLock { ($0.entries, $0.total) }
        precondition(index >= 0 && index <= entries.count, "change \(index) of \(entries.count)")
        return Iterator(spool: self, entries: entries, total: total, next: index)
    }

    /// Reads changes a buffer at a time.
    public struct Iterator: IteratorProtocol {
        let spool: ChangeSpool
        let entries: [Entry]
        let total: UInt64
        /// The index of the change `next()` returns.
        public private(set) var position: Int
        private var buffer: [UInt8] = []
        /// The file offset of `buffer[0]`.
        private var bufferStart: UInt64 = 0

        init(spool: ChangeSpool, entries: [Entry], total: UInt64, next: Int) {
            self.spool = spool
            self.entries = entries
            self.total = total
            position = next
        }

        public mutating func next() -> Change? {
            guard position < entries.count else { return nil }
            let start = entries[position].offset
            let end = position + 1 < entries.count ? entries[position + 1].offset : total
            position += 1
            if start < bufferStart || end > bufferStart + UInt64(buffer.count) {
                bufferStart = start
                buffer = spool.read(at: start, count: Int(Swift.max(end - start, Swift.min(UInt64(ChangeSpool.flushSize), total - start))))
            }
            let from = Int(start - bufferStart), to = Int(end - bufferStart)
            return buffer.withUnsafeBytes { bytes in
                ChangeEncoding.read(UnsafeRawBufferPointer(rebasing: bytes[from..<to]))
            }
        }
    }

    /// `count` bytes from `offset`, from the file or from what is not yet written.
    private func read(at offset: UInt64, count: Int) -> [UInt8] {
        storage.withLock { storage in
            var bytes = [UInt8](repeating: 0, count: count)
            var filled = 0
            while offset + UInt64(filled) < storage.written, filled < count {
                let wanted = Swift.min(count - filled, Int(storage.written - offset) - filled)
                let got = bytes.withUnsafeMutableBytes { pread(storage.descriptor, $0.baseAddress! + filled, wanted, off_t(offset) + off_t(filled)) }
                // The file is this process's own, written a moment ago: failing to read it back is
                // the machine failing, as a failed allocation is.
                guard got > 0 else { preconditionFailure("cannot read the plan's changes back from their temporary file: \(String(cString: strerror(errno)))") }
                filled += got
            }
            if filled < count {
                let from = Int(offset + UInt64(filled) - storage.written)
                bytes.replaceSubrange(filled..<count, with: storage.pending[from..<(from + count - filled)])
            }
            return bytes
        }
    }

    private func flush(_ storage: inout Storage) throws {
        if storage.descriptor < 0 { storage.descriptor = try createFile() }
        var done = 0
        while done < storage.pending.count {
            let wrote = storage.pending.withUnsafeBytes { write(storage.descriptor, $0.baseAddress! + done, $0.count - done) }
            guard wrote > 0 else { throw ChangeSpoolError(directory: directory, reason: String(cString: strerror(errno))) }
            done += wrote
        }
        storage.written += UInt64(done)
        storage.pending.removeAll(keepingCapacity: true)
    }

    private func createFile() throws -> Int32 {
        var template = Array(((directory as NSString).appendingPathComponent("attentive-sync-changes.XXXXXX")).utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw ChangeSpoolError(directory: directory, reason: String(cString: strerror(errno))) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return descriptor
    }
}

/// The plan's changes could not be written to their temporary file.
public struct ChangeSpoolError: Error, Sendable, CustomStringConvertible {
    var directory: String
    var reason: String
    public var description: String {
        "cannot write the plan's changes to a temporary file in \(directory): \(reason); "
            + "set TMPDIR to a folder with room (about 200 bytes per change)"
    }
}
