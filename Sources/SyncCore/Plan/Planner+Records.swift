extension Planner {
    /// The newest row per key, as it was read.
    struct Entry {
        var line: Int
        var user: UserIdentity
        /// Custom attributes as `AttributeSet.canonicalJSON`: one string per key, not a dictionary.
        var properties: String
        var fingerprint: UInt64
        var optIns: [Bool?]
        var links: [String: String]
        var linkRejection: String?
        /// Per segment: whether the row makes the key a member (nil: an empty cell).
        var memberships: [Bool?] = []
        /// The row's cells' digest.
        var digest: RowDigest
        /// Whether the row had warnings (an invalid secondary identifier).
        var warned: Bool
    }

    /// The source's records, the row read last per key winning, built records in order of
    /// their key's first row.
    ///
    /// Every key has a slot: the keys the state has digests for first (`KnownDigests.keys`),
    /// then keys new to it, as they are read. Rows arrive in source order, and a key's row read
    /// last is built (`built`, its entry packed in `arena`), skipped by its digest (the key's
    /// winning digest in the state), or held back unbuilt as a row a later one superseded when
    /// the state was settled (`held`).
    /// A held row stays held only until another row of its key is read; one still held at the
    /// end is its key's last row, and is built then. The digest of every row a later one
    /// replaces is kept (`superseded`, `supersededWinners`).
    struct Records {
        enum Kind: UInt8 { case none, built, skipped, held }

        /// A slot's row read last, and where the slot's record is in `built`: 12 bytes a key.
        struct Last {
            /// Lines fit 32 bits: slots are 32-bit too.
            private var lineBits: UInt32 = 0
            /// The kind in the top two bits; below, for a skipped row, the targets that counted
            /// it (`KnownDigests.Row.counted`, below `countedLimit`).
            private var bits: UInt32 = 0
            /// -1 for none.
            var built: Int32 = -1

            var line: Int { Int(lineBits) }
            var kind: Kind { Kind(rawValue: UInt8(bits >> 30))! }
            var counted: UInt64 { UInt64(bits & (1 << 30 - 1)) }

            init() {}

            init(line: Int, kind: Kind, counted: UInt64 = 0, built: Int32) {
                lineBits = UInt32(line)
                bits = UInt32(kind.rawValue) << 30 | UInt32(counted)
                self.built = built
            }
        }

        struct Built {
            /// The key's slot: `key(of:)` gives the key.
            var slot: Int32
            var entry: ByteArena.Ref
            /// False once a later skipped row of the key won; the place is kept for a later built row.
            var live: Bool
        }

        let known: KnownDigests
        /// Keys new to the state, slot `known.keys.count` onwards.
        private var newKeys: [String] = []
        private var newSlots: [String: Int32] = [:]
        private var last: [Last]
        private var built: [Built] = []
        private var arena = EntryArena()
        /// Slots whose skipped row a later row superseded: their winning digests are superseded.
        private var supersededWinners: Set<Int32> = []
        /// Slots whose row read last is skipped after other rows of theirs: its digest, the key's winning one.
        private var skippedAfterOthers: [Int32: RowDigest] = [:]
        private var held: HeldRows
        private var superseded = SupersededDigests()
        /// Held rows a later row superseded, by their digests' places in `known.rows`: a bit
        /// each, not a digest each (most of a key's rows are held when it has many).
        private var supersededHeld: DigestTable.Marks
        /// The digests in `superseded` of rows with warnings.
        private var supersededWarned: Set<RowDigest> = []
        /// Each row read after another of its key: the slot with the line of the row before and its own.
        private var duplicateRows: [(slot: Int32, before: UInt32, line: UInt32)] = []
        /// Keys of rows rejected for a value: in the source, with nothing to send.
        var rejectedKeys: Set<String> = []
        /// Rows skipped by their digest, held rows included once a later row superseded them.
        private(set) var rowsSkipped = 0
        /// The warnings of the rows skipped.
        private(set) var skippedWarnings: [RowWarning] = []

        init(known: KnownDigests) {
            self.known = known
            supersededHeld = DigestTable.Marks(placeCount: known.rows.placeCount)
            // Room for new keys without doubling the per-slot arrays on the first one.
            let room = known.keys.count + known.keys.count / 8 + 1_024
            last = Array(repeating: Last(), count: known.keys.count)
            last.reserveCapacity(room)
            held = HeldRows(slotCount: known.keys.count)
        }

        func key(of slot: Int32) -> String {
            let slot = Int(slot)
            return slot < known.keys.count ? known.keys[slot] : newKeys[slot - known.keys.count]
        }

        func forEach(_ body: (String, Entry) throws -> Void) rethrows {
            for record in built where record.live { try body(key(of: record.slot), arena[record.entry]) }
        }

        /// The built records, in order, `size` at a time: work on them side by side stays bounded.
        func forEachChunk(of size: Int, _ body: ([(key: String, entry: Entry)]) throws -> Void) rethrows {
            var chunk: [(key: String, entry: Entry)] = []
            chunk.reserveCapacity(size)
            for record in built where record.live {
                chunk.append((key(of: record.slot), arena[record.entry]))
                if chunk.count == size {
                    try body(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            if !chunk.isEmpty { try body(chunk) }
        }

        /// Keys that had a built row, a later skipped row winning or not: how many were built.
        var builtCount: Int { built.count }

        /// The keys skipped by their digests (in the source, unchanged in every target), counted
        /// by the targets that counted them.
        var skippedKeys: [UInt64: Int] {
            var keys: [UInt64: Int] = [:]
            for row in last where row.kind == .skipped { keys[row.counted, default: 0] += 1 }
            return keys
        }

        /// The digests of rows of `slot` a later row superseded.
        private func superseded(of slot: Int32, in grouped: SupersededDigests, held: [Int32: [RowDigest]],
                                winners: [Int32: RowDigest]) -> [RowDigest] {
            grouped.digests(of: slot) + held[slot, default: []] + (winners[slot].map { [$0] } ?? [])
        }

        /// Whether a key of the state has left the source: only then is anything removed for it.
        func isGone(_ key: String) -> Bool {
            guard let slot = known.slot(of: key) ?? newSlots[key], [.built, .skipped].contains(last[Int(slot)].kind) else {
                return !rejectedKeys.contains(key)
            }
            return false
        }

        /// Keys read more than once, with the lines of their rows, in order of their first row.
        var duplicates: [DuplicateKey] {
            // A key's later rows are listed in the order read, each with the line of the row before.
            var keys: [DuplicateKey] = [], index: [Int32: Int] = [:]
            for row in duplicateRows {
                if let known = index[row.slot] {
                    keys[known].lines.append(row.line)
                } else {
                    index[row.slot] = keys.count
                    keys.append(DuplicateKey(key: key(of: row.slot), lines: [row.before, row.line]))
                }
            }
            keys.sort { $0.lines[0] < $1.lines[0] }
            return keys
        }

        /// The line of the first row of every key read more than once.
        private var firstLinesOfDuplicates: [Int32: UInt32] {
            var lines: [Int32: UInt32] = [:]
            for row in duplicateRows where lines[row.slot] == nil { lines[row.slot] = row.before }
            return lines
        }

        /// Keys with no rejection whose digests the state lacks: rows read in full, and skipped
        /// rows with superseded rows read in full. The keys a target leaves unsettled are built
        /// ones; the caller takes them out (`Plan.unsettledKeys`).
        func settledRows(counting targets: UnchangedTargets) -> [SettledRow] {
            let settling = built.filter(\.live)
            let grouped = superseded.grouped()
            // A skipped key's held and winning digests are its own in the state already: it has
            // something to record only when a row of it read in full was superseded.
            let skippedLast = skippedAfterOthers.filter { slot, _ in
                last[Int(slot)].kind == .skipped && grouped.digests(of: slot).contains { known[$0]?.slot != slot }
            }
            let slots = Set(settling.map(\.slot)).union(skippedLast.keys)
            var winners: [Int32: RowDigest] = [:]
            var warned = supersededWarned
            if !supersededWinners.isDisjoint(with: slots) {
                for (digest, row) in known.rows.all where row.counted != nil && supersededWinners.contains(row.slot) {
                    winners[row.slot] = digest
                    if row.warned { warned.insert(digest) }
                }
            }
            func settled(_ key: String, _ digest: RowDigest, counted: UInt64, warned rowWarned: Bool, superseded digests: [RowDigest]) -> SettledRow {
                var flagged = warned.isEmpty ? [] : Set(digests.filter(warned.contains))
                if rowWarned { flagged.insert(digest) }
                return SettledRow(key: key, digest: digest, counted: counted, superseded: digests, warned: flagged)
            }
            var held: [Int32: [RowDigest]] = [:]
            for place in supersededHeld {
                let (digest, row) = known.rows.entry(at: place)
                guard slots.contains(row.slot) else { continue }
                held[row.slot, default: []].append(digest)
                if row.warned { warned.insert(digest) }
            }
            var rows: [SettledRow] = []
            rows.reserveCapacity(settling.count + skippedLast.count)
            for record in settling {
                let entry = arena[record.entry]
                rows.append(settled(key(of: record.slot), entry.digest, counted: targets.counted(entry), warned: entry.warned,
                                    superseded: superseded(of: record.slot, in: grouped, held: held, winners: winners)))
            }
            for (slot, digest) in skippedLast {
                rows.append(settled(key(of: slot), digest, counted: last[Int(slot)].counted, warned: known[digest]?.warned ?? false,
                                    superseded: superseded(of: slot, in: grouped, held: held, winners: winners)))
            }
            return rows
        }

        mutating func add(_ entry: Entry, key: String, slot knownSlot: Int32?) {
            let slot = knownSlot ?? newSlot(key)
            arrive(slot, line: entry.line, as: .built)
            let index = Int(last[Int(slot)].built)
            if index >= 0 {
                built[index].entry = arena.add(entry)
                built[index].live = true
            } else {
                last[Int(slot)].built = Int32(built.count)
                built.append(Built(slot: slot, entry: arena.add(entry), live: true))
            }
        }

        mutating func skip(line: Int, _ known: KnownDigests.Row, digest: RowDigest, warnings: [String]) {
            let first = last[Int(known.slot)].kind == .none
            // `counted` is below `countedLimit` (`KnownDigests.Row` keeps it so).
            arrive(known.slot, line: line, as: .skipped, counted: known.counted ?? 0)
            if !first { skippedAfterOthers[known.slot] = digest }
            rowsSkipped += 1
            skippedWarnings += warnings.map { RowWarning(line: line, reason: $0) }
        }

        mutating func hold(_ row: RowReader.HeldRow) {
            arrive(row.slot, line: row.line, as: .held)
            held.hold(row)
        }

        /// The rows still held, in source order: their keys' last rows, to be built.
        mutating func takeHeld() -> [RowReader.HeldRow] {
            held.releaseAll().sorted { $0.line < $1.line }
        }

        /// Puts the built records in order of their keys' first rows, the order reading every
        /// row in full gives: which rows were skipped does not change the order. Call once read.
        mutating func orderBuiltByFirstRow() {
            // Without digests every row was built: the order already is that of first rows.
            guard !known.rows.isEmpty else { return }
            let firstLines = firstLinesOfDuplicates
            let lines = built.map { firstLines[$0.slot].map(Int.init) ?? arena.line($0.entry) }
            built = built.indices.sorted { lines[$0] < lines[$1] }.map { built[$0] }
            for (index, record) in built.enumerated() { last[Int(record.slot)].built = Int32(index) }
        }

        private mutating func newSlot(_ key: String) -> Int32 {
            if let slot = newSlots[key] { return slot }
            let slot = Int32(known.keys.count + newKeys.count)
            newSlots[key] = slot
            newKeys.append(key)
            last.append(Last())
            return slot
        }

        /// A row of `slot` was read: the slot's row read before it, if any, is superseded.
        private mutating func arrive(_ slot: Int32, line: Int, as kind: Kind, counted: UInt64 = 0) {
            let previous = last[Int(slot)]
            last[Int(slot)] = Last(line: line, kind: kind, counted: counted, built: previous.built)
            // A held row built at the end arrives again, with its own line.
            guard previous.kind != .none, previous.line != line else { return }
            duplicateRows.append((slot, UInt32(previous.line), UInt32(line)))
            switch previous.kind {
            case .none:
                break
            case .built:
                let index = Int(previous.built)
                built[index].live = false
                let entry = arena[built[index].entry]
                superseded.add(entry.digest, of: slot)
                if entry.warned { supersededWarned.insert(entry.digest) }
            case .skipped:
                supersededWinners.insert(slot)
            case .held:
                let row = held.release(slot)
                supersededHeld.insert(row.place)
                rowsSkipped += 1
                skippedWarnings += row.warnings.map { RowWarning(line: row.line, reason: $0) }
            }
        }
    }
}

extension Planner.Records {
    /// The digests of rows later rows of their keys replaced, by slot: one list of pairs, not an
    /// array per key.
    struct SupersededDigests {
        private var rows: [(slot: Int32, digest: RowDigest)] = []

        mutating func add(_ digest: RowDigest, of slot: Int32) { rows.append((slot, digest)) }

        /// The same, sorted by slot, each slot's in the order added: ready for `digests(of:)`.
        func grouped() -> SupersededDigests {
            var grouped = SupersededDigests()
            grouped.rows = rows.enumerated().sorted { ($0.element.slot, $0.offset) < ($1.element.slot, $1.offset) }.map(\.element)
            return grouped
        }

        /// The digests of `slot`, in the order added. Only on a `grouped()` value.
        func digests(of slot: Int32) -> [RowDigest] {
            var low = 0, high = rows.count
            while low < high {
                let middle = (low + high) / 2
                if rows[middle].slot < slot { low = middle + 1 } else { high = middle }
            }
            var digests: [RowDigest] = []
            while low < rows.count, rows[low].slot == slot {
                digests.append(rows[low].digest)
                low += 1
            }
            return digests
        }
    }
}

extension Planner.Records {
    /// Rows held back unbuilt, by their keys' slots (keys of the state: held rows have digests
    /// it knows). A row's place is found from its slot, not hashed, and a place let go is taken
    /// by the next row held: held rows are freed as soon as a later row of their key comes
    /// (most do), so an arena would keep every one of them to the end.
    struct HeldRows {
        /// Per slot, its row's place in `places` (-1: none held).
        private var placeOfSlot: [Int32]
        private var places: [RowReader.HeldRow] = []
        private var free: [Int32] = []

        init(slotCount: Int) { placeOfSlot = Array(repeating: -1, count: slotCount) }

        mutating func hold(_ row: RowReader.HeldRow) {
            let place: Int32
            if let reused = free.popLast() {
                place = reused
                places[Int(place)] = row
            } else {
                place = Int32(places.count)
                places.append(row)
            }
            placeOfSlot[Int(row.slot)] = place
        }

        /// Lets go of the row held for `slot`, and returns it.
        mutating func release(_ slot: Int32) -> RowReader.HeldRow {
            let place = placeOfSlot[Int(slot)]
            placeOfSlot[Int(slot)] = -1
            free.append(place)
            let row = places[Int(place)]
            places[Int(place)].fields = []
            places[Int(place)].warnings = []
            return row
        }

        /// Lets go of every row held, and returns them in no particular order.
        mutating func releaseAll() -> [RowReader.HeldRow] {
            let rows = places.indices.filter { placeOfSlot[Int(places[$0].slot)] == Int32($0) }.map { places[$0] }
            for row in rows { placeOfSlot[Int(row.slot)] = -1 }
            (places, free) = ([], [])
            return rows
        }
    }
}
