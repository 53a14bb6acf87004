import Foundation

/// A source's rows in batches, read ahead on a thread of its own, so reading (parsing a CSV
/// file, waiting on a query) overlaps the work on the batches before.
final class SourceBatches: @unchecked Sendable {
    // Unchecked: only the reading thread uses the source, until `finish()` returns; the rest is
    // guarded by `condition`.
    private let source: any RowSource
    private let size: Int
    private let condition = NSCondition()
    private var ready: [Result<RowBatch, any Error>] = []
    private var stopping = false
    private var reading = true
    /// Batches read ahead of the one being worked on.
    static let ahead = 2
    /// How many may be waiting: `aheadAtStart` until the first is taken, then `ahead`.
    private var limit: Int

    /// Batches worked on and given back (`recycle`), to be read into again: a batch in fresh
    /// memory costs a page fault for every 4 KiB it fills, and growing it copies it.
    private var spare: [RowBatch] = []
    static let spareLimit = ahead + 2

    /// Checked before each batch is read: once it is cancelled, the next batch is its error.
    private let cancellation: SourceCancellation?

    /// With `aheadAtStart`, reading runs that far ahead while the caller gets ready (loads the
    /// state) before it takes the first batch.
    init(_ source: any RowSource, size: Int, aheadAtStart: Int = ahead, cancellation: SourceCancellation? = nil) {
        self.source = source
        self.size = size
        self.cancellation = cancellation
        limit = max(aheadAtStart, Self.ahead)
        let thread = Thread { [self] in readAll() }
        thread.name = "attentive-sync source"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The next batch; nil at the end. Throws the source's error where it occurred.
    func next() throws -> RowBatch? {
        condition.lock()
        while ready.isEmpty && reading { condition.wait() }
        guard !ready.isEmpty else {
            condition.unlock()
            return nil
        }
        let batch = ready.removeFirst()
        limit = Self.ahead
        condition.broadcast()
        condition.unlock()
        let rows = try batch.get()
        return rows.isEmpty ? nil : rows
    }

    /// Gives back a batch `next()` returned, once nothing refers to its rows any more.
    func recycle(_ batch: RowBatch) {
        condition.lock()
        if spare.count < Self.spareLimit { spare.append(batch) }
        condition.unlock()
    }

    /// Stops reading ahead and waits until the thread has let go of the source.
    func finish() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while reading { condition.wait() }
        condition.unlock()
    }

    private func readAll() {
        defer {
            condition.lock()
            reading = false
            condition.broadcast()
            condition.unlock()
        }
        while true {
            condition.lock()
            while ready.count >= limit && !stopping { condition.wait() }
            let stop = stopping
            condition.unlock()
            if stop { return }
            let batch = Result { try readBatch() }
            condition.lock()
            ready.append(batch)
            condition.broadcast()
            condition.unlock()
            guard case .success(let rows) = batch, !rows.isEmpty else { return }
        }
    }

    private func readBatch() throws -> RowBatch {
        try cancellation?.check(source.description)
        condition.lock()
        var batch = spare.popLast() ?? RowBatch(columnCount: source.columns.count)
        condition.unlock()
        batch.removeAll()
        try source.read(into: &batch, upTo: size)
        return batch
    }
}
