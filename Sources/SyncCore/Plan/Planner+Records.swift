extension Planner {
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

    /// The source's records, the row read last per key winning, in order of first appearance.
    ///
    /// A key's rows arrive built (`entries`), skipped as its last row (`skipped`), or held back
    /// as a row a later one superseded (`held`). A held row stays held only until another row
    /// of its key is read; one still held at the end is its key's last row, and is built then.
    struct Records {
        var order: [String] = []
        var entries: [String: Entry] = [:]
        /// Keys of rows rejected for a value: in the source, with nothing to send.
        var rejectedKeys: Set<String> = []
        /// Keys of rows skipped by their digest: in the source, unchanged in every target.
        var skipped: [String: RowReader.SkippedRow] = [:]
        var held: [String: RowReader.HeldRow] = [:]
        /// Digests of rows a later row of their key superseded.
        var superseded: [String: [RowDigest]] = [:]

        func forEach(_ body: (String, Entry) throws -> Void) rethrows {
            for key in order { if let entry = entries[key] { try body(key, entry) } }
        }

        /// Whether a key of the state has left the source: only then is anything removed for it.
        func isGone(_ key: String) -> Bool {
            entries[key] == nil && skipped[key] == nil && !rejectedKeys.contains(key)
        }

        /// The line of the row for `key` read last, if any was. Called for every row: no array.
        func line(of key: String) -> Int? {
            // Lines start at 1, so 0 stands for none.
            let last = max(max(entries[key]?.line ?? 0, skipped[key]?.line ?? 0), held[key]?.line ?? 0)
            return last > 0 ? last : nil
        }

        mutating func add(_ entry: Entry, for key: String) {
            release(key)
            if let previous = entries.updateValue(entry, forKey: key) {
                if let digest = previous.digest { supersede(digest, of: key) }
            } else {
                order.append(key)
            }
        }

        mutating func skip(_ row: RowReader.SkippedRow, for key: String) {
            release(key)
            if let previous = skipped.updateValue(row, forKey: key) { supersede(previous.digest, of: key) }
        }

        mutating func hold(_ row: RowReader.HeldRow) {
            release(row.key)
            held[row.key] = row
        }

        /// A later row of `key` was read: a row held for it is superseded.
        private mutating func release(_ key: String) {
            if let row = held.removeValue(forKey: key) { supersede(row.digest, of: key) }
        }

        private mutating func supersede(_ digest: RowDigest, of key: String) {
            superseded[key, default: []].append(digest)
        }

        /// A key read both built and skipped: the row read last wins.
        mutating func resolveSkipped() {
            for (key, row) in skipped {
                guard let entry = entries[key] else { continue }
                if row.line > entry.line {
                    entries[key] = nil
                    if let digest = entry.digest { supersede(digest, of: key) }
                } else {
                    skipped[key] = nil
                    supersede(row.digest, of: key)
                }
            }
        }
    }
}
