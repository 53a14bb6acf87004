extension Planner {
    /// What the state holds in a target's scope for the keys of built records, read the cheaper
    /// of two ways: key by key, fingerprint and payload at once, when most rows were skipped by
    /// their digests; otherwise every key's fingerprint first, then the payloads of only the keys
    /// whose fingerprints moved.
    struct StoredRecords {
        let planner: Planner
        let scope: Scope
        /// Every key's fingerprint in the scope, when they are read first; nil when records are
        /// read key by key.
        let fingerprints: [String: UInt64]?

        /// A key's fingerprint as stored, and its payload (nil when it was not read: the
        /// fingerprint has not moved).
        typealias Record = (fingerprint: UInt64, payload: String?)

        /// `everyKey`: every key's fingerprint is needed (to find the keys that left the source).
        init(scope: Scope, of records: Records, in planner: Planner, everyKey: Bool = false) throws {
            self.planner = planner
            self.scope = scope
            let byKey = !everyKey && records.builtCount * 8 < records.known.keys.count
            fingerprints = byKey ? nil : try planner.state.fingerprints(mapping: planner.mapping.name, scope: scope)
        }

        /// The records the state holds of `keys`, each with its fingerprint now (nil: its payload
        /// is wanted whatever its fingerprint, as with `--full`). A record whose fingerprint has
        /// not moved comes without its payload when every fingerprint was read first.
        func of(_ keys: some Sequence<(key: String, fingerprint: UInt64?)>) throws -> [String: Record] {
            let state = planner.state, mapping = planner.mapping.name
            guard let fingerprints else {
                return try state.storedRecords(mapping: mapping, scope: scope, of: keys.lazy.map(\.key)).mapValues { ($0.fingerprint, $0.payload) }
            }
            var records: [String: Record] = [:], moved: [String] = []
            for (key, now) in keys {
                guard let stored = fingerprints[key] else { continue }
                if stored == now { records[key] = (stored, nil) } else { moved.append(key) }
            }
            for (key, payload) in try state.payloadTexts(mapping: mapping, scope: scope, of: moved) {
                records[key] = (fingerprints[key]!, payload)
            }
            return records
        }
    }
}
