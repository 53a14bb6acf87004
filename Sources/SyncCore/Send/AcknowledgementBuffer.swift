import Synchronization

/// Acknowledged changes on their way into the state, written in batches: one transaction per
/// `batchSize` records or per `flush()` (the sender flushes several times a second and at the
/// end), instead of one per record. A record is only added once Attentive acknowledged it; a
/// run killed before a flush loses nothing that matters: attributes and links are sent again,
/// and a subscription's intent, still in the state, is settled with `GET /subscriptions`.
final class AcknowledgementBuffer: Sendable {
    struct Pending {
        var records: [AcknowledgedRecord] = []
        var intents: [Int64] = []
    }

    let ledger: Sender.Ledger
    let batchSize: Int
    private let pending = Mutex(Pending())

    init(ledger: Sender.Ledger, batchSize: Int = 500) {
        self.ledger = ledger
        self.batchSize = batchSize
    }

    /// Adds an acknowledged record (and the intent it resolves); writes the batch once it is full.
    func add(_ record: AcknowledgedRecord, resolving intent: Int64? = nil) throws {
        let full = pending.withLock { pending in
            pending.records.append(record)
            if let intent { pending.intents.append(intent) }
            return pending.records.count >= batchSize
        }
        if full { try flush() }
    }

    /// Writes what is pending, in one transaction.
    func flush() throws {
        let batch = pending.withLock { pending in
            defer { pending = Pending() }
            return pending
        }
        try ledger.state.acknowledge(mapping: ledger.mapping, batch.records, resolvingIntents: batch.intents)
    }
}
