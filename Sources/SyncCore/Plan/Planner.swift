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
        /// The row's cells' digest; nil when the row can never be skipped (it had warnings).
        var digest: RowDigest?
    }

    /// A row whose digest the state knows: its key's state is exactly what the row makes.
    struct SkippedRow {
        var line: Int
        /// The targets that counted the key unchanged (`UnchangedTargets`).
        var counted: UInt64
    }

    /// The source's records, newest row per key, in order of first appearance.
    struct Records {
        var order: [String] = []
        var entries: [String: Entry] = [:]
        /// Keys of rows rejected for a value: in the source, with nothing to send.
        var rejectedKeys: Set<String> = []
        /// Keys of rows skipped by their digest: in the source, unchanged in every target.
        var skipped: [String: SkippedRow] = [:]

        func forEach(_ body: (String, Entry) throws -> Void) rethrows {
            for key in order { try body(key, entries[key]!) }
        }

        /// Whether a key of the state has left the source: only then is anything removed for it.
        func isGone(_ key: String) -> Bool {
            entries[key] == nil && skipped[key] == nil && !rejectedKeys.contains(key)
        }

        /// The line of the row for `key` read last, if any was.
        func line(of key: String) -> Int? {
            switch (entries[key]?.line, skipped[key]?.line) {
            case (let read?, let skipped?): max(read, skipped)
            case (let read, let skipped): read ?? skipped
            }
        }
    }

    /// Reads the whole source and returns the plan. With `full`, every record is sent again.
    ///
    /// A row whose digest the state knows is only counted: the key is present and unchanged.
    ///
    /// - Throws: `MissingColumnsError` before reading any row when a mapped column is missing;
    ///   the source's error when it becomes unreadable; `SourceCanceledError` once
    ///   `cancellation` is cancelled.
    public func plan(source: any RowSource, full: Bool = false, cancellation: SourceCancellation? = nil) throws -> Plan {
        let builder = try RecordBuilder(mapping: mapping, columns: source.columns, sourceName: source.description)
        var plan = Plan(mapping: mapping.name, source: source.description)
        plan.pendingIntents = try state.pendingIntents(mapping: mapping.name).count
        let reader = RowReader(builder: builder, digester: RowDigester(mapping: mapping, columns: source.columns),
                               known: full ? [:] : try state.rowDigests(mapping: mapping.name))
        let records = try read(source, with: reader, cancellation: cancellation, into: &plan)
        for row in records.skipped.values { UnchangedTargets(mapping: mapping).count(row.counted, into: &plan) }
        if !mapping.customAttributes.isEmpty { try planAttributes(records, full: full, into: &plan) }
        for subscription in mapping.subscriptions { try planSubscription(subscription, records, into: &plan) }
        if let links = mapping.identityLinks { try planIdentityLinks(links, records, full: full, into: &plan) }
        plan.settledRows = settledRows(records, unsettled: plan.unsettledKeys)
        plan.unsettledKeys = []
        return plan
    }

    /// Rows read in full whose keys are settled (no rejection, nothing deferred), with their digests.
    func settledRows(_ records: Records, unsettled: Set<String>) -> [StateStore.SettledRow] {
        let targets = UnchangedTargets(mapping: mapping)
        var rows: [StateStore.SettledRow] = []
        records.forEach { key, entry in
            guard let digest = entry.digest, !unsettled.contains(key) else { return }
            rows.append(StateStore.SettledRow(key: key, digest: digest, counted: targets.counted(entry)))
        }
        return rows
    }

    /// Rows read before their records are built side by side.
    static let batchSize = 8_192

    func read(_ source: any RowSource, with reader: RowReader, cancellation: SourceCancellation?, into plan: inout Plan) throws -> Records {
        var records = Records()
        var duplicateLines: [String: [Int]] = [:]
        var batch: [SourceRow] = []
        batch.reserveCapacity(Self.batchSize)
        func noteDuplicate(_ key: String, line: Int) {
            if let previous = records.line(of: key) { duplicateLines[key, default: [previous]].append(line) }
        }
        func flush() {
            for read in reader.read(batch) {
                plan.rowsRead += 1
                switch read {
                case .rejected(let rejection):
                    plan.rejected.append(rejection)
                    if let key = rejection.key { records.rejectedKeys.insert(key) }
                case .skipped(let line, let key, let counted):
                    plan.rowsSkipped += 1
                    noteDuplicate(key, line: line)
                    records.skipped[key] = SkippedRow(line: line, counted: counted)
                case .record(let record, let digest):
                    if !record.warnings.isEmpty { plan.warnings += 1 }
                    let properties = AttributeSet.canonicalJSON(record.attributes)
                    let entry = Entry(line: record.line, user: record.user, properties: properties,
                                      fingerprint: AttributeSet.fingerprint(canonicalJSON: properties),
                                      optIns: record.optIns, links: record.links, linkRejection: record.linkRejection,
                                      digest: record.warnings.isEmpty ? digest : nil)
                    noteDuplicate(record.key, line: record.line)
                    if records.entries.updateValue(entry, forKey: record.key) == nil { records.order.append(record.key) }
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
        // A key read both ways: the row read last wins.
        var dropped = Set<String>()
        for (key, skipped) in records.skipped {
            guard let entry = records.entries[key] else { continue }
            if skipped.line > entry.line {
                records.entries[key] = nil
                dropped.insert(key)
            } else {
                records.skipped[key] = nil
            }
        }
        if !dropped.isEmpty { records.order.removeAll { dropped.contains($0) } }
        plan.duplicates = duplicateLines.map { DuplicateKey(key: $0.key, lines: $0.value) }.sorted { $0.lines[0] < $1.lines[0] }
        return records
    }
}
