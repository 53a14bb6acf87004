import Dispatch
import Foundation
import Synchronization

/// Diffs a source's records against the state, target by target: creates, updates,
/// unchanged and removed keys. Sends nothing and writes nothing.
public struct Planner {
    public let mapping: Mapping
    public let state: StateStore

    public init(mapping: Mapping, state: StateStore) {
        self.mapping = mapping
        self.state = state
    }

    /// The newest row per key, as it was read.
    struct Entry {
        var line: Int
        var user: UserIdentity
        /// Custom attributes as `AttributeSet.canonicalJSON`.
        var properties: String
        var fingerprint: UInt64
        var optIns: [Bool?]
        var links: [String: String]
        var linkRejection: String?
    }

    /// The source's records, newest row per key, in order of first appearance.
    struct Records {
        var order: [String] = []
        var entries: [String: Entry] = [:]
        /// Keys of rows rejected for a value: in the source, with nothing to send.
        var rejectedKeys: Set<String> = []

        func forEach(_ body: (String, Entry) throws -> Void) rethrows {
            for key in order { try body(key, entries[key]!) }
        }

        /// Whether a key of the state has left the source: only then is anything removed for it.
        func isGone(_ key: String) -> Bool {
            entries[key] == nil && !rejectedKeys.contains(key)
        }
    }

    /// Reads the whole source and returns the plan. With `full`, every record is sent again.
    ///
    /// - Throws: `MissingColumnsError` before reading any row when a mapped column is missing;
    ///   the source's error when it becomes unreadable; `SourceCanceledError` once
    ///   `cancellation` is cancelled.
    public func plan(source: any RowSource, full: Bool = false, cancellation: SourceCancellation? = nil) throws -> Plan {
        let builder = try RecordBuilder(mapping: mapping, columns: source.columns, sourceName: source.description)
        var plan = Plan(mapping: mapping.name, source: source.description)
        plan.pendingIntents = try state.pendingIntents(mapping: mapping.name).count
        let records = try read(source, with: builder, cancellation: cancellation, into: &plan)
        if !mapping.customAttributes.isEmpty { try planAttributes(records, full: full, into: &plan) }
        for subscription in mapping.subscriptions { try planSubscription(subscription, records, into: &plan) }
        if let links = mapping.identityLinks { try planIdentityLinks(links, records, full: full, into: &plan) }
        return plan
    }

    /// Rows read before their records are built side by side.
    static let batchSize = 8_192

    func read(_ source: any RowSource, with builder: RecordBuilder, cancellation: SourceCancellation?, into plan: inout Plan) throws -> Records {
        var records = Records()
        var duplicateLines: [String: [Int]] = [:]
        var batch: [SourceRow] = []
        batch.reserveCapacity(Self.batchSize)
        func flush() {
            for (row, built) in zip(batch, Self.build(batch, with: builder)) {
                plan.rowsRead += 1
                switch (row, built) {
                case (.rejected(let line, let reason), _):
                    plan.rejected.append(RowRejection(line: line, reason: reason))
                case (_, .failure(let rejection)?):
                    plan.rejected.append(rejection)
                    if let key = rejection.key { records.rejectedKeys.insert(key) }
                case (.row(let line, _), .success(let record)?):
                    if !record.warnings.isEmpty { plan.warnings += 1 }
                    let properties = AttributeSet.canonicalJSON(record.attributes)
                    let entry = Entry(line: line, user: record.user, properties: properties,
                                      fingerprint: AttributeSet.fingerprint(canonicalJSON: properties),
                                      optIns: record.optIns, links: record.links, linkRejection: record.linkRejection)
                    if let previous = records.entries.updateValue(entry, forKey: record.key) {
                        duplicateLines[record.key, default: [previous.line]].append(line)
                    } else {
                        records.order.append(record.key)
                    }
                case (.row, nil):
                    preconditionFailure("a row without a built record")
                }
            }
            batch.removeAll(keepingCapacity: true)
        }
        while let row = try source.next() {
            batch.append(row)
            if batch.count == Self.batchSize {
                flush()
                try cancellation?.check(source.description)
            }
        }
        flush()
        plan.duplicates = records.order.compactMap { key in duplicateLines[key].map { DuplicateKey(key: key, lines: $0) } }
        return records
    }

    /// Builds a batch's records on every core (phone normalization dominates planning), in row order.
    static func build(_ batch: [SourceRow], with builder: RecordBuilder) -> [Result<CustomerRecord, RowRejection>?] {
        let slices = max(1, min(ProcessInfo.processInfo.activeProcessorCount, batch.count / 256))
        let built = Mutex([[Result<CustomerRecord, RowRejection>?]](repeating: [], count: slices))
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            let range = (batch.count * slice / slices)..<(batch.count * (slice + 1) / slices)
            let part = batch[range].map { row -> Result<CustomerRecord, RowRejection>? in
                guard case .row(let line, let fields) = row else { return nil }
                return builder.build(line: line, fields: fields)
            }
            built.withLock { $0[slice] = part }
        }
        return built.withLock { $0.flatMap { $0 } }
    }
}
