import Synchronization

/// A plan's changes that bulk records carry, as requests' worth of records: each person's
/// changes (one per target, planned apart) in one record, people in the order the plan first
/// names them. Memory holds two numbers per change and one entry per person, not the changes:
/// a record's changes are read back from the spool as its batch is handed out.
final class BulkBatches: Sendable {
    private struct Cursor {
        var nextRecord = 0
    }

    private let spool: ChangeSpool
    private let size: Int
    /// The spool index of each record's first change, in order.
    private let starts: [Int32]
    /// For each spool index, the index of the same person's next carried change, or -1.
    private let following: [Int32]
    private let cursor = Mutex(Cursor())

    /// - Parameter held: skipped, as the ledger holds them.
    init(_ spool: ChangeSpool, ledger: Sender.Ledger, size: Int) {
        self.spool = spool
        self.size = size
        var starts: [Int32] = []
        var following = [Int32](repeating: -1, count: spool.count)
        var last: [String: Int32] = [:]
        var index: Int32 = 0
        for change in spool {
            defer { index += 1 }
            guard BulkRecord.carries(change), !ledger.holds(change) else { continue }
            if let previous = last.updateValue(index, forKey: change.key) {
                following[Int(previous)] = index
            } else {
                starts.append(index)
            }
        }
        self.starts = starts
        self.following = following
    }

    /// People with changes to send.
    var recordCount: Int { starts.count }

    /// The next request's records, or nil when every one was handed out.
    func next() -> [BulkRecord]? {
        let range: Range<Int>? = cursor.withLock { cursor in
            guard cursor.nextRecord < starts.count else { return nil }
            defer { cursor.nextRecord = min(starts.count, cursor.nextRecord + size) }
            return cursor.nextRecord..<min(starts.count, cursor.nextRecord + size)
        }
        return range.map { range in
            range.map { record in
                var changes: [Change] = []
                var index = starts[record]
                while index >= 0 {
                    changes.append(spool[Int(index)])
                    index = following[Int(index)]
                }
                return BulkRecord(key: changes[0].key, changes: changes)
            }
        }
    }
}
