/// Diffs a source's records against the state, target by target: creates, updates,
/// unchanged and removed keys. Sends nothing and writes nothing.
public struct Planner: Sendable {
    public let mapping: Mapping
    public let state: any StateStore

    public init(mapping: Mapping, state: any StateStore) {
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
    /// With `settling` false the plan's `settledRows` stay empty: a plan only reported needs none,
    /// and a million of them are the largest thing left to make once the targets have planned.
    public func plan(source: any RowSource, full: Bool = false, settling: Bool = true,
                     cancellation: SourceCancellation? = nil) throws -> Plan {
        let builder = try RecordBuilder(mapping: mapping, columns: source.columns, sourceName: source.description)
        let referenced = Set(mapping.referencedColumns)
        source.neededColumns = source.columns.map(referenced.contains)
        var plan = Plan(mapping: mapping.name, source: source.description)
        let intents = try state.pendingIntents(mapping: mapping.name)
        plan.pendingIntents = intents.count
        for submission in try state.pendingSubmissions(mapping: mapping.name) {
            for entry in submission.changes { plan.held.insert(Sender.Ledger.name(scope: entry.acknowledged.scope, key: entry.acknowledged.key)) }
        }
        for intent in intents { plan.held.insert(Sender.Ledger.name(scope: intent.scope, key: intent.key)) }
        // The first rows are read while the state's digests load.
        let batches = SourceBatches(source, size: Self.batchSize, aheadAtStart: Self.batchesAheadAtStart,
                                    cancellation: cancellation)
        defer { batches.finish() }
        let reader = RowReader(builder: builder, digester: RowDigester(mapping: mapping, columns: source.columns),
                               known: full ? KnownDigests() : try state.rowDigests(mapping: mapping.name))
        let records = try read(source, batches, with: reader, cancellation: cancellation, into: &plan)
        let targets = UnchangedTargets(mapping: mapping)
        for (counted, keys) in records.skippedKeys { targets.count(counted, keys: keys, into: &plan) }
        // What only reads the records is gathered while the targets plan. The settled rows
        // leave out the keys the targets left unsettled afterwards.
        let duplicates = Ahead { [records] in records.duplicates }
        let settled = settling ? Ahead { [records] in records.settledRows(counting: targets) } : nil
        for (_, target) in targets.targets { try target.plan(records, in: self, full: full, into: &plan) }
        plan.duplicates = duplicates.result()
        if let rows = settled?.result() {
            plan.settledRows = plan.unsettledKeys.isEmpty ? rows : rows.filter { !plan.unsettledKeys.contains($0.key) }
        }
        if !plan.held.isEmpty {
            for change in plan.changes where plan.held.contains(Sender.Ledger.name(scope: change.acknowledged.scope, key: change.key)) {
                plan.pending[change.target, default: 0] += 1
            }
        }
        plan.unsettledKeys = []
        return plan
    }

    /// Rows read before their records are built side by side.
    static let batchSize = 8_192
    /// Batches read while the state's digests load (a million digests take about as long as
    /// 300,000 rows of a CSV file).
    static let batchesAheadAtStart = 32

    func read(_ source: any RowSource, _ batches: SourceBatches, with reader: RowReader, cancellation: SourceCancellation?,
              into plan: inout Plan) throws -> Records {
        var records = Records(known: reader.known)
        func reject(_ rejection: RowRejection, digest: RowDigest?) {
            plan.rejected.append(rejection)
            if let digest { plan.rejectedRows.append(RejectedRow(digest: digest, reason: rejection.reason, key: rejection.key)) }
            if let key = rejection.key { records.rejectedKeys.insert(key) }
        }
        func take(_ read: RowReader.Read) {
            switch read {
            case .rejected(let rejection, let digest):
                reject(rejection, digest: digest)
            case .rejectedAgain(let rejection, let digest):
                reject(rejection, digest: digest)
                plan.rowsSkipped += 1
            case .skipped(let known, let digest, let line, let warnings):
                records.skip(line: line, known, digest: digest, warnings: warnings)
            case .superseded(let row):
                records.hold(row)
            case .record(let key, let entry, let slot, let warnings):
                plan.warnings += warnings.map { RowWarning(line: entry.line, reason: $0) }
                records.add(entry, key: key, slot: slot)
            }
        }
        func take(_ reads: some Sequence<RowReader.Read>) { reads.forEach(take) }
        // A batch is read side by side while the one before it is taken in order here. Rows a
        // prefiltered source sent are kept until the rows it left out are known.
        let prefiltered = (source as? any PrefilteredSource).flatMap { $0.prefilter == nil ? nil : $0 }
        var previous: [RowReader.Read] = [], sent: [RowReader.Read] = []
        while let batch = try batches.next() {
            plan.rowsRead += batch.count
            let reading = Ahead { reader.read(batch) }
            if prefiltered == nil { take(previous) } else { sent += previous }
            previous = reading.result()
            batches.recycle(batch)
            try cancellation?.check(source.description)
        }
        if let prefiltered {
            sent += previous
            let prefilter = prefiltered.prefilter ?? Prefilter()
            // The rows sent and those left out, in line order: the lone ones first (line 0) but those asked for.
            let lone = try reader.leftOut(by: prefiltered, sent: sent)
            take(lone.alone)
            let reads = (lone.accompanied + sent).enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
            let packed = try LeftOutRows(prefilter, known: reader.known)
            var next = reads.startIndex
            for (line, place) in packed.places.enumerated() where place != LeftOutRows.none {
                while next < reads.endIndex, reads[next].line < line { take(reads[next]); next += 1 }
                // A row packed may have been sent too: the one sent is read.
                if next == reads.endIndex || reads[next].line != line { take(reader.leftOut(packed, place: place, line: line)) }
            }
            take(reads[next...])
            plan.rowsRead = prefilter.rowCount
        } else {
            take(previous)
        }
        // Rows held to the end are their keys' last rows: built now.
        take(reader.build(records.takeHeld()))
        records.orderBuiltByFirstRow()
        plan.rowsSkipped += records.rowsSkipped
        plan.warnings += records.skippedWarnings
        plan.warnings.sort { $0.line < $1.line }
        return records
    }
}
