/// Turns a batch of source rows into what the planner needs, on every core: a row whose digest
/// the state knows is only looked up; the others are built into records (phone normalization
/// dominates) and keep their digests.
struct RowReader: Sendable {
    /// What a row read is. The rare cases (rows built or rejected) are boxed, so a batch's reads,
    /// one per row, take no more memory than skipped rows need.
    enum Read {
        /// A row rejected, with its digest when it was rejected for its cells (not by the source).
        indirect case rejected(RowRejection, digest: RowDigest?)
        /// A row the last plan rejected for the same cells: rejected again, not built.
        indirect case rejectedAgain(RowRejection, digest: RowDigest)
        /// The key's last row when the state was settled (`known`, its winning digest): the key is unchanged.
        case skipped(KnownDigests.Row, digest: RowDigest, line: Int, warnings: [String])
        /// A row a later row of its key superseded when the state was settled: kept unbuilt
        /// (its fields packed), in case no later row of the key comes.
        case superseded(HeldRow)
        /// A built record, with its key's slot among the state's digests if it has one.
        indirect case record(key: String, Planner.Entry, slot: Int32?, warnings: [String])
    }

    /// A row held back unbuilt by its digest.
    struct HeldRow {
        var line: Int
        var slot: Int32
        /// Its digest's place in the state's table (`DigestTable.place(of:)`).
        var place: Int
        /// Its warnings, worked out again from its cells (the state knows only that it had some).
        var warnings: [String]
        /// `RowBatch.packedFields`.
        var fields: [UInt8]
    }

    let builder: RecordBuilder
    let digester: RowDigester
    /// The state's row digests.
    let known: KnownDigests

    /// The batch's rows, read side by side, in row order. A run of rows is digested before any
    /// of them is looked up: lookups one after another, not each between two digests, wait for
    /// the table's memory together.
    func read(_ batch: RowBatch) -> [Read] {
        [Read].parallelFill(count: batch.count, run: Self.lookupRun) { rows, reads in
            withUnsafeTemporaryAllocation(of: (digest: RowDigest?, place: Int?).self, capacity: rows.count) { found in
                for (offset, row) in rows.enumerated() {
                    guard case .fields(_, let firstField) = batch.rows[row] else {
                        found.initializeElement(at: offset, to: (nil, nil))
                        continue
                    }
                    found.initializeElement(at: offset, to: (digester.digest(batch, row: firstField), nil))
                }
                for offset in found.indices { found[offset].place = found[offset].digest.flatMap(known.rows.place(of:)) }
                for (offset, row) in rows.enumerated() {
                    (reads + offset).initialize(to: read(batch.rows[row], digest: found[offset].digest, place: found[offset].place, of: batch))
                }
            }
        }
    }

    /// Rows digested, then looked up, together: enough lookups in flight to hide the table's
    /// memory, few enough that their digests stay on the stack.
    static let lookupRun = 64

    /// Held rows built, side by side, in the order given.
    func build(_ rows: [HeldRow]) -> [Read] {
        rows.parallelMap { build(line: $0.line, fields: RowBatch.unpack($0.fields), digest: known.rows.entry(at: $0.place).digest) }
    }

    /// A row with its digest (nil for a row the source rejected) and the digest's place in the state's table.
    func read(_ row: RowBatch.Row, digest: RowDigest?, place: Int?, of batch: RowBatch) -> Read {
        switch row {
        case .rejected(let line, let reason):
            return .rejected(RowRejection(line: line, reason: reason), digest: nil)
        case .fields(let line, let firstField):
            let digest = digest!
            if let place {
                let known = known.rows.entry(at: place).row
                let warnings = known.warned ? builder.warnings(line: line, fields: batch.fields(firstField)) : []
                guard known.counted != nil else {
                    return .superseded(HeldRow(line: line, slot: known.slot, place: place, warnings: warnings,
                                               fields: batch.packedFields(firstField)))
                }
                return .skipped(known, digest: digest, line: line, warnings: warnings)
            }
            if let rejected = known.rejected[digest] {
                return .rejectedAgain(RowRejection(line: line, reason: rejected.reason, key: rejected.key), digest: digest)
            }
            return build(line: line, fields: batch.fields(firstField), digest: digest)
        }
    }

    func build(line: Int, fields: [String], digest: RowDigest) -> Read {
        switch builder.build(line: line, fields: fields) {
        case .success(let record):
            let properties = AttributeSet.canonicalJSON(record.attributes)
            let entry = Planner.Entry(line: record.line, user: record.user, properties: properties,
                                      fingerprint: AttributeSet.fingerprint(canonicalJSON: properties),
                                      optIns: record.optIns, links: record.links, linkRejection: record.linkRejection,
                                      memberships: record.memberships, digest: digest, warned: !record.warnings.isEmpty)
            return .record(key: record.key, entry, slot: known.slot(of: record.key), warnings: record.warnings)
        case .failure(let rejection): return .rejected(rejection, digest: digest)
        }
    }
}

extension RowReader.Read {
    /// The source line the read is of.
    var line: Int {
        switch self {
        case .rejected(let rejection, _), .rejectedAgain(let rejection, _): rejection.line
        case .skipped(_, _, let line, _): line
        case .superseded(let row): row.line
        case .record(_, let entry, _, _): entry.line
        }
    }
}

extension RowReader {
    /// The rows of lone keys a prefiltered source left out, as reads: each lone digest (the one
    /// winning, warning-free digest of its key) that no row lacked and none sent had, skipped.
    /// Such a row's line matters only when another row of its key was sent (`accompanied`):
    /// those lines are asked for; the others are given line 0, before every row.
    func leftOut(by source: any PrefilteredSource, sent: [Read]) throws -> (alone: [Read], accompanied: [Read]) {
        let unmatched = source.prefilter?.unmatched ?? []
        var digestsPerSlot = [Int32](repeating: 0, count: known.keys.count)
        for (_, row) in known.rows.all { digestsPerSlot[Int(row.slot)] += 1 }
        var seen: Set<RowDigest> = [], builtSlots: Set<Int32> = []
        for read in sent {
            switch read {
            case .skipped(_, let digest, _, _): seen.insert(digest)
            case .record(_, _, let slot?, _): builtSlots.insert(slot)
            default: break
            }
        }
        var alone: [Read] = [], accompanied: [(digest: RowDigest, row: KnownDigests.Row)] = []
        for (digest, row) in known.rows.all
        where row.counted != nil && !row.warned && digestsPerSlot[Int(row.slot)] == 1 && !unmatched.contains(digest) && !seen.contains(digest) {
            if builtSlots.contains(row.slot) {
                accompanied.append((digest, row))
            } else {
                alone.append(.skipped(row, digest: digest, line: 0, warnings: []))
            }
        }
        let lines = try source.lines(of: accompanied.map(\.digest))
        return (alone, accompanied.map { .skipped($0.row, digest: $0.digest, line: lines[$0.digest] ?? 0, warnings: []) })
    }

    /// A row a prefiltered source left out with its line (`LeftOutRows`), read as it would have
    /// been: rejected again, or of a key with several digests. Such a row has no warnings (one
    /// with them comes in full), and it is held only when a later row of its key follows, so it
    /// needs no fields.
    func leftOut(_ packed: LeftOutRows, place: UInt32, line: Int) -> Read {
        if place & LeftOutRows.rejected != 0 {
            let digest = packed.rejections[Int(place & ~LeftOutRows.rejected)]
            let rejected = known.rejected[digest]!
            return .rejectedAgain(RowRejection(line: line, reason: rejected.reason, key: rejected.key), digest: digest)
        }
        let place = Int(place)
        let (digest, row) = known.rows.entry(at: place)
        guard row.counted != nil else { return .superseded(HeldRow(line: line, slot: row.slot, place: place, warnings: [], fields: [])) }
        return .skipped(row, digest: digest, line: line, warnings: [])
    }
}

/// Which targets counted a settled key unchanged, as bits: custom attributes (bit 0), identity
/// links (bit 1), subscription entry `i` (bit `2 + i`; none for an empty opt-in).
struct UnchangedTargets {
    let targets: [(bit: UInt64, target: any CustomerTarget)]

    init(mapping: Mapping) { targets = mapping.targets }

    func counted(_ entry: Planner.Entry) -> UInt64 {
        targets.reduce(0) { bits, mapped in mapped.target.counts(entry) ? bits | mapped.bit : bits }
    }

    /// Counts `keys` keys unchanged in the targets of `bits`.
    func count(_ bits: UInt64, keys: Int, into plan: inout Plan) {
        for (bit, mapped) in targets where bits & bit != 0 { plan.unchanged[mapped.target, default: 0] += keys }
    }
}
