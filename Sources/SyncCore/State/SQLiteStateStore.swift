import Synchronization

/// The state in a local SQLite file (WAL mode, created with mode 0600; its schema is
/// `StateSchema`). Every method is safe to call from concurrent tasks: a mutex serializes use of
/// the one connection.
public final class SQLiteStateStore: StateStore {
    private let database: Mutex<SQLiteDatabase>
    public let path: String

    public init(path: String) throws {
        let database = try SQLiteDatabase(path: path)
        // 16 KiB pages for a new file (a file made with others keeps them): a baseline of a million
        // keys writes its records and digests in fewer, fuller pages (1M rows: 11.1 s -> 10.2 s).
        try database.execute("PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        try StateSchema.migrate(database, path: path)
        self.database = Mutex(database)
        self.path = path
    }

    func withDatabase<T>(_ body: (SQLiteDatabase) throws -> T) throws -> T {
        try database.withLock { db in
            defer { db.resetStatements() }
            return try body(db)
        }
    }

    // MARK: Records

    /// Every acknowledged key of a scope with the fingerprint of the values last sent for it.
    public func fingerprints(mapping: String, scope: Scope) throws -> [String: UInt64] {
        try withDatabase { db in
            let statement = try db.prepare("SELECT key, fingerprint FROM records WHERE mapping = ? AND scope = ?")
            try statement.bind(mapping, scope.stored)
            var result: [String: UInt64] = [:]
            while try statement.step() {
                result[statement.text(0)!] = UInt64(bitPattern: statement.int64(1))
            }
            return result
        }
    }

    /// The records of those of `keys` the scope holds, looked up one by one in key order (the
    /// index's: each lookup finds the pages the last one read).
    public func storedRecords(mapping: String, scope: Scope, of keys: some Sequence<String>) throws -> [String: StoredRecord] {
        try lookUp(mapping: mapping, scope: scope, keys, "fingerprint, payload") {
            StoredRecord(fingerprint: UInt64(bitPattern: $0.int64(0)), payload: $0.text(1) ?? "")
        }
    }

    /// The payloads of those of `keys` the scope holds, looked up as `storedRecords(of:)` are.
    public func payloadTexts(mapping: String, scope: Scope, of keys: some Sequence<String>) throws -> [String: String] {
        try lookUp(mapping: mapping, scope: scope, keys, "payload") { $0.text(0) ?? "" }
    }

    private func lookUp<Value>(mapping: String, scope: Scope, _ keys: some Sequence<String>, _ column: StaticString,
                               _ value: (SQLiteStatement) -> Value) throws -> [String: Value] {
        try withDatabase { db in
            let statement = try db.prepare("SELECT \(column) FROM records WHERE mapping = ? AND scope = ? AND key = ?")
            let scope = scope.stored
            var result: [String: Value] = [:]
            let keys = Array(keys)
            for index in Self.keyOrder(keys, by: { (nil, $0) }) {
                let key = keys[index]
                try statement.bind(mapping, scope, key)
                if try statement.step() { result[key] = value(statement) }
            }
            return result
        }
    }

    /// The payload of one key as stored, or nil when the key is not in the state.
    public func payloadText(mapping: String, scope: Scope, key: String) throws -> String? {
        try payloadTexts(mapping: mapping, scope: scope, of: [key])[key]
    }

    /// Every acknowledged key of a scope with its payload; for small scopes (subscription statuses).
    public func payloads(mapping: String, scope: Scope) throws -> [String: String] {
        try withDatabase { db in
            let statement = try db.prepare("SELECT key, payload FROM records WHERE mapping = ? AND scope = ?")
            try statement.bind(mapping, scope.stored)
            var result: [String: String] = [:]
            while try statement.step() { result[statement.text(0)!] = statement.text(1) ?? "" }
            return result
        }
    }

    /// How many keys the state holds per target (a key with several subscriptions counts once per subscription).
    public func recordCounts(mapping: String) throws -> [Target: Int] {
        try withDatabase { db in
            let statement = try db.prepare("SELECT scope, COUNT(*) FROM records WHERE mapping = ? GROUP BY scope")
            try statement.bind(mapping)
            var counts: [Target: Int] = [:]
            while try statement.step() {
                if let target = Scope(stored: statement.text(0) ?? "")?.target { counts[target, default: 0] += Int(statement.int64(1)) }
            }
            return counts
        }
    }

    /// Runs `body` on one snapshot of the state: every read inside sees the state as it was when
    /// the snapshot began, whatever another process writes meanwhile (`plan`, `history`). `body`
    /// must not write.
    public func readingSnapshot<T>(_ body: () throws -> T) throws -> T {
        try withDatabase { db in
            try db.execute("BEGIN DEFERRED")
            // A deferred transaction takes its snapshot at its first read.
            try db.execute("SELECT COUNT(*) FROM runs")
        }
        defer { try? withDatabase { db in try db.execute("COMMIT") } }
        return try body()
    }

    /// Records an acknowledged state for each entry, in one transaction; resolved intents
    /// are removed in the same transaction.
    public func acknowledge(mapping: String, _ entries: [AcknowledgedRecord], resolvingIntents intents: [Int64]) throws {
        guard !entries.isEmpty || !intents.isEmpty else { return }
        try withDatabase { db in
            try db.transaction { try writeAcknowledged(db, mapping: mapping, entries, removingIntents: intents) }
        }
    }

    /// `acknowledge`'s writes, inside the caller's transaction.
    func writeAcknowledged(_ db: SQLiteDatabase, mapping: String, _ entries: [AcknowledgedRecord], removingIntents intents: [Int64]) throws {
        let now = Timestamp.now()
        var upserts = SQLiteGroupedInsert<AcknowledgedRecord>(
            "INSERT INTO records (mapping, scope, key, fingerprint, payload, updated_at)", columns: 6, onConflict: """
                ON CONFLICT (mapping, scope, key) DO UPDATE SET
                    fingerprint = excluded.fingerprint, payload = excluded.payload, updated_at = excluded.updated_at
                """) { statement, after, entry in
            try statement.bind(after: after, mapping, entry.scope.stored, entry.key, entry.fingerprint, entry.payload ?? "", now)
        }
        let delete = try db.prepare("DELETE FROM records WHERE mapping = ? AND scope = ? AND key = ?")
        // The key's state moves: its row digest no longer stands for it.
        let forgetDigest = try db.prepare("DELETE FROM row_digests WHERE mapping = ? AND key = ?")
        let digestsKnown = try Self.hasRowDigests(db, mapping: mapping)
        // In key order, as the tables are: the B-trees fill front to back.
        for index in Self.keyOrder(entries, by: { ($0.scope, $0.key) }) {
            let entry = entries[index]
            if digestsKnown { try forgetDigest.run(mapping, entry.key) }
            if entry.payload != nil {
                try upserts.add(entry, to: db)
            } else {
                try upserts.flush(to: db)
                try delete.run(mapping, entry.scope.stored, entry.key)
            }
        }
        try upserts.flush(to: db)
        let dropIntent = try db.prepare("DELETE FROM intents WHERE id = ?")
        for intent in intents { try dropIntent.run(intent) }
    }
}

extension SQLiteStateStore {
    /// The indices of `rows` in the order SQLite sorts their scopes' stored text and then their
    /// keys (by UTF-8 bytes); rows of one scope and key keep their order. Indices, not the rows:
    /// a million rows copied in that order would each be retained where it lies, far apart.
    static func keyOrder<Row>(_ rows: [Row], by key: (Row) -> (scope: Scope?, key: String)) -> [Int] {
        let keys = rows.map(key)
        // Scope by scope (a handful), then by key: by its first 16 bytes as two numbers, and only
        // where those are equal by all its bytes.
        let byScope = Dictionary(grouping: keys.indices) { keys[$0].scope }
        var order: [Int] = []
        order.reserveCapacity(rows.count)
        for scope in byScope.keys.sorted(by: { KnownDigests.compare($0?.stored ?? "", $1?.stored ?? "") < 0 }) {
            let prefixed = byScope[scope]!.map { (prefix: Self.prefix(of: keys[$0].key), index: $0) }
            order += prefixed.sorted { a, b in
                if a.prefix != b.prefix { return a.prefix < b.prefix }
                let full = KnownDigests.compare(keys[a.index].key, keys[b.index].key)
                return full != 0 ? full < 0 : a.index < b.index
            }.map(\.index)
        }
        return order
    }

    /// Whether the mapping has any row digests: when it has none, there is none to forget.
    static func hasRowDigests(_ db: SQLiteDatabase, mapping: String) throws -> Bool {
        let statement = try db.prepare("SELECT EXISTS (SELECT 1 FROM row_digests WHERE mapping = ?)")
        try statement.bind(mapping)
        return try statement.step() && statement.int64(0) != 0
    }

    /// The first 16 bytes of `text`, zero-padded, big-endian: ordered as the bytes are.
    static func prefix(of text: String) -> (UInt64, UInt64) {
        var high: UInt64 = 0, low: UInt64 = 0
        for (index, byte) in text.utf8.prefix(16).enumerated() {
            if index < 8 { high |= UInt64(byte) << (56 - 8 * index) } else { low |= UInt64(byte) << (56 - 8 * (index - 8)) }
        }
        return (high, low)
    }
}
