import Foundation

/// The state in a PostgreSQL schema (`PostgresStateSchema`), for runners that keep no files:
/// CI jobs, Kubernetes CronJobs. Every method is safe to call from concurrent tasks: a lock
/// serializes use of the one connection. Many rows go in one statement (`PostgresArrayText`).
public final class PostgresStateStore: StateStore, @unchecked Sendable {
    // Unchecked: `connection` is used only while `lock` is held.
    private let connection: PostgresConnection
    private let lock = NSLock()
    /// `postgresql://user@host:port/database?schema=…`: where it is, never the password.
    public let path: String
    public let schema: String
    /// `host:port/database` of the state's session.
    public let database: String

    public init(_ connectionString: PostgresConnectionString?, schema: String = PostgresStateLocation.defaultSchema) throws {
        let connection = try PostgresConnection(connectionString: connectionString, applicationName: "attentive-sync state")
        path = "postgresql://\(connection.target)?schema=\(schema)"
        connection.queryOrigin = "state \(path)"
        try connection.execute("SET client_min_messages TO warning")
        try PostgresStateSchema.migrate(connection, schema: schema, location: path)
        try connection.execute("SET search_path TO \(PostgresStateSchema.quoted(schema)), pg_catalog")
        self.connection = connection
        self.schema = schema
        database = connection.database
    }

    /// Bytes of row text the server sent by COPY so far: the row digests, mostly.
    public var bytesReceived: Int { lock.withLock { connection.copyBytesReceived } }

    @discardableResult
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try lock.withLock { try body(connection) }
    }

    /// `body` in one transaction, rolled back when it throws.
    func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try withConnection { connection in
            try connection.execute("BEGIN")
            do {
                let result = try body(connection)
                try connection.execute("COMMIT")
                return result
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    // MARK: Records

    public func fingerprints(mapping: String, scope: Scope) throws -> [String: UInt64] {
        try withConnection { connection in
            var result: [String: UInt64] = [:]
            for row in try connection.query("SELECT key, fingerprint FROM records WHERE mapping = $1 AND scope = $2", [mapping, scope.stored]) {
                result[row[0] ?? ""] = Self.bits(row[1])
            }
            return result
        }
    }

    public func storedRecords(mapping: String, scope: Scope, of keys: some Sequence<String>) throws -> [String: StoredRecord] {
        try lookUp(mapping: mapping, scope: scope, keys, "fingerprint, payload") { StoredRecord(fingerprint: Self.bits($0[1]), payload: $0[2] ?? "") }
    }

    public func payloadTexts(mapping: String, scope: Scope, of keys: some Sequence<String>) throws -> [String: String] {
        try lookUp(mapping: mapping, scope: scope, keys, "payload") { $0[1] ?? "" }
    }

    /// `columns` of the rows of `keys`, each row given to `value` with the key first.
    private func lookUp<Value>(mapping: String, scope: Scope, _ keys: some Sequence<String>, _ columns: StaticString,
                               _ value: ([String?]) -> Value) throws -> [String: Value] {
        try withConnection { connection in
            var result: [String: Value] = [:]
            for batch in Self.batches(Array(keys)) {
                let rows = try connection.query("SELECT key, \(columns) FROM records WHERE mapping = $1 AND scope = $2 AND key = ANY($3::text[])",
                                                [mapping, scope.stored, PostgresArrayText.texts(batch)])
                for row in rows { result[row[0] ?? ""] = value(row) }
            }
            return result
        }
    }

    public func payloadText(mapping: String, scope: Scope, key: String) throws -> String? {
        try payloadTexts(mapping: mapping, scope: scope, of: [key])[key]
    }

    public func payloads(mapping: String, scope: Scope) throws -> [String: String] {
        try withConnection { connection in
            var result: [String: String] = [:]
            for row in try connection.query("SELECT key, payload FROM records WHERE mapping = $1 AND scope = $2", [mapping, scope.stored]) {
                result[row[0] ?? ""] = row[1] ?? ""
            }
            return result
        }
    }

    public func recordCounts(mapping: String) throws -> [Target: Int] {
        try withConnection { connection in
            var counts: [Target: Int] = [:]
            for row in try connection.query("SELECT scope, count(*) FROM records WHERE mapping = $1 GROUP BY scope", [mapping]) {
                if let target = Scope(stored: row[0] ?? "")?.target { counts[target, default: 0] += Int(row[1] ?? "") ?? 0 }
            }
            return counts
        }
    }

    /// Runs `body` in one read-only, repeatable-read transaction: every read inside sees the
    /// state as it was at the first.
    public func readingSnapshot<T>(_ body: () throws -> T) throws -> T {
        try withConnection { connection in try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") }
        do {
            let result = try body()
            try withConnection { connection in try connection.execute("COMMIT") }
            return result
        } catch {
            try? withConnection { connection in try connection.execute("ROLLBACK") }
            throw error
        }
    }

    public func acknowledge(mapping: String, _ entries: [AcknowledgedRecord], resolvingIntents intents: [Int64]) throws {
        guard !entries.isEmpty || !intents.isEmpty else { return }
        try transaction { connection in try writeAcknowledged(connection, mapping: mapping, entries, removingIntents: intents) }
    }

    /// `acknowledge`'s writes, inside the caller's transaction. The last entry of a scope and
    /// key decides, as when they are written one at a time.
    func writeAcknowledged(_ connection: PostgresConnection, mapping: String, _ entries: [AcknowledgedRecord], removingIntents intents: [Int64]) throws {
        let final = Self.lastOfEach(entries) { [$0.scope.stored, $0.key] }
        let now = Timestamp.now()
        // The keys' state moves: their row digests no longer stand for them.
        try Self.forgetDigests(connection, mapping: mapping, of: Array(Set(entries.map(\.key))))
        for batch in Self.batches(final.filter { $0.payload != nil }) {
            try connection.query("""
                INSERT INTO records (mapping, scope, key, fingerprint, payload, updated_at)
                SELECT $1, scope, key, fingerprint, payload, $2 FROM unnest($3::text[], $4::text[], $5::bigint[], $6::text[]) AS u (scope, key, fingerprint, payload)
                ON CONFLICT (mapping, scope, key) DO UPDATE SET
                    fingerprint = excluded.fingerprint, payload = excluded.payload, updated_at = excluded.updated_at
                """, [mapping, now, PostgresArrayText.texts(batch.map(\.scope.stored)), PostgresArrayText.texts(batch.map(\.key)),
                      PostgresArrayText.bits(batch.map(\.fingerprint)), PostgresArrayText.texts(batch.map(\.payload))])
        }
        for batch in Self.batches(final.filter { $0.payload == nil }) {
            try connection.query("DELETE FROM records WHERE mapping = $1 AND (scope, key) IN (SELECT * FROM unnest($2::text[], $3::text[]))",
                                 [mapping, PostgresArrayText.texts(batch.map(\.scope.stored)), PostgresArrayText.texts(batch.map(\.key))])
        }
        if !intents.isEmpty {
            try connection.query("DELETE FROM intents WHERE id = ANY($1::bigint[])", [PostgresArrayText.numbers(intents)])
        }
    }
}

extension PostgresStateStore {
    /// `rows` a statement's worth at a time.
    static func batches<Row>(_ rows: [Row]) -> [ArraySlice<Row>] {
        stride(from: 0, to: rows.count, by: PostgresArrayText.batchSize).map { rows[$0..<min($0 + PostgresArrayText.batchSize, rows.count)] }
    }

    /// The last of `rows` for each key, in their order: one statement may not write a row twice,
    /// so what writing them one at a time would leave is written once.
    static func lastOfEach<Row, Key: Hashable>(_ rows: [Row], by key: (Row) -> Key) -> [Row] {
        var last: [Key: Int] = [:]
        for (index, row) in rows.enumerated() { last[key(row)] = index }
        return rows.indices.filter { last[key(rows[$0])] == $0 }.map { rows[$0] }
    }

    /// A `bigint` column holding an unsigned value's bit pattern.
    static func bits(_ text: String?) -> UInt64 {
        UInt64(bitPattern: text.flatMap { Int64($0) } ?? 0)
    }

    /// An ISO 8601 timestamp column.
    static func date(_ text: String?) -> Date {
        text.flatMap { try? Date($0, strategy: .iso8601) } ?? .distantPast
    }
}
