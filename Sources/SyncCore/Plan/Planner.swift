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
        plan.settledRows = settledRows(records, unsettled: plan.unsettledKeys, known: reader.known)
        plan.unsettledKeys = []
        return plan
    }

    /// Keys settled (no rejection, nothing deferred) whose digests the state lacks: rows read
    /// in full, and skipped rows with superseded rows read in full.
    func settledRows(_ records: Records, unsettled: Set<String>, known: [RowDigest: StateStore.KnownRow]) -> [StateStore.SettledRow] {
        let targets = UnchangedTargets(mapping: mapping)
        var rows: [StateStore.SettledRow] = []
        records.forEach { key, entry in
            guard let digest = entry.digest, !unsettled.contains(key) else { return }
            rows.append(StateStore.SettledRow(key: key, digest: digest, counted: targets.counted(entry),
                                              superseded: records.superseded[key] ?? []))
        }
        for (key, row) in records.skipped {
            guard let superseded = records.superseded[key], superseded.contains(where: { known[$0]?.key != key }) else { continue }
            rows.append(StateStore.SettledRow(key: key, digest: row.digest, counted: row.counted, superseded: superseded))
        }
        return rows
    }

    /// Rows read before their records are built side by side.
    static let batchSize = 8_192

    func read(_ source: any RowSource, with reader: RowReader, cancellation: SourceCancellation?, into plan: inout Plan) throws -> Records {
        var records = Records()
        var duplicateLines: [String: [Int]] = [:]
        func noteDuplicate(_ key: String, line: Int) {
            if let previous = records.line(of: key) { duplicateLines[key, default: [previous]].append(line) }
        }
        func take(_ reads: [RowReader.Read], noting: Bool = true) {
            for read in reads {
                switch read {
                case .rejected(let rejection):
                    plan.rejected.append(rejection)
                    if let key = rejection.key { records.rejectedKeys.insert(key) }
                case .skipped(let key, let row):
                    plan.rowsSkipped += 1
                    noteDuplicate(key, line: row.line)
                    records.skip(row, for: key)
                case .superseded(let row):
                    plan.rowsSkipped += 1
                    noteDuplicate(row.key, line: row.line)
                    records.hold(row)
                case .record(let record, let digest):
                    if !record.warnings.isEmpty { plan.warnings += 1 }
                    let properties = AttributeSet.canonicalJSON(record.attributes)
                    let entry = Entry(line: record.line, user: record.user, properties: properties,
                                      fingerprint: AttributeSet.fingerprint(canonicalJSON: properties),
                                      optIns: record.optIns, links: record.links, linkRejection: record.linkRejection,
                                      digest: record.warnings.isEmpty ? digest : nil)
                    if noting { noteDuplicate(record.key, line: record.line) }
                    records.add(entry, for: record.key)
                }
            }
        }
        var batch: [SourceRow] = []
        batch.reserveCapacity(Self.batchSize)
        while let row = try source.next() {
            batch.append(row)
            if batch.count == Self.batchSize {
                plan.rowsRead += batch.count
                take(reader.read(batch))
                batch.removeAll(keepingCapacity: true)
                try cancellation?.check(source.description)
            }
        }
        plan.rowsRead += batch.count
        take(reader.read(batch))
        // Rows held to the end are their keys' last rows: built now.
        let held = records.held.values.sorted { $0.line < $1.line }.map { SourceRow.row(line: $0.line, fields: $0.fields) }
        records.held = [:]
        plan.rowsSkipped -= held.count
        take(reader.read(held, lookingUp: false), noting: false)
        records.resolveSkipped()
        plan.duplicates = duplicateLines.map { DuplicateKey(key: $0.key, lines: $0.value) }.sorted { $0.lines[0] < $1.lines[0] }
        return records
    }
}
