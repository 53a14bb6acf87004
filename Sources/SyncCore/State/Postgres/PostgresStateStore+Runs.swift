import Foundation

/// Runs and their failures, for `history`.
extension PostgresStateStore {
    public func beginRun(mapping: String, command: String) throws -> Int64 {
        try withConnection { connection in
            try Self.id(connection.value("INSERT INTO runs (mapping, command, started_at, status) VALUES ($1, $2, $3, 'running') RETURNING id",
                                         [mapping, command, Timestamp.now()]))
        }
    }

    public func finishRun(id: Int64, summary: RunSummary, failures: [RecordFailure]) throws {
        try transaction { connection in
            try connection.query("""
                UPDATE runs SET finished_at = $1, duration_ms = $2, status = $3, creates = $4, updates = $5, deletes = $6,
                    unchanged = $7, rejected = $8, duplicates = $9, sent = $10, failed = $11 WHERE id = $12
                """, [Timestamp.now(), String(summary.durationMilliseconds), summary.status.rawValue] + [
                    summary.creates, summary.updates, summary.deletes, summary.unchanged,
                    summary.rejected, summary.duplicates, summary.sent, summary.failed,
                ].map(String.init) + [String(id)])
            for batch in Self.batches(failures) {
                try connection.query("""
                    INSERT INTO failures (run_id, mapping, target, key, reason)
                    SELECT $1, (SELECT mapping FROM runs WHERE id = $1), target, key, reason FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS u (target, key, reason, n)
                    ORDER BY n
                    """, [String(id), PostgresArrayText.texts(batch.map(\.target.rawValue)), PostgresArrayText.texts(batch.map(\.key)),
                          PostgresArrayText.texts(batch.map(\.reason))])
            }
        }
    }

    public func markAbandonedRuns(mapping: String) throws {
        try withConnection { connection in
            try connection.query("UPDATE runs SET status = 'interrupted' WHERE mapping = $1 AND status = 'running'", [mapping])
        }
    }

    public func hasRuns(mapping: String) throws -> Bool {
        try withConnection { connection in try !connection.query("SELECT 1 FROM runs WHERE mapping = $1 LIMIT 1", [mapping]).isEmpty }
    }

    public func lastSuccess(mapping: String) throws -> String? {
        try withConnection { connection in
            try connection.value("SELECT finished_at FROM runs WHERE mapping = $1 AND command = 'run' AND status = 'succeeded' ORDER BY id DESC LIMIT 1",
                                 [mapping])
        }
    }

    public func runs(mapping: String, limit: Int) throws -> [RunSummary] {
        try withConnection { connection in
            try connection.query("""
                SELECT id, command, started_at, coalesce(duration_ms, 0), status, coalesce(creates, 0), coalesce(updates, 0),
                    coalesce(deletes, 0), coalesce(unchanged, 0), coalesce(rejected, 0), coalesce(duplicates, 0),
                    coalesce(sent, 0), coalesce(failed, 0)
                FROM runs WHERE mapping = $1 ORDER BY id DESC LIMIT $2
                """, [mapping, String(limit)]).map { row in
                let number = { (index: Int) in Int(row[index] ?? "") ?? 0 }
                return RunSummary(
                    id: Int64(number(0)), command: row[1] ?? "", startedAt: row[2] ?? "", durationMilliseconds: number(3),
                    status: RunSummary.Status(rawValue: row[4] ?? "") ?? .aborted,
                    creates: number(5), updates: number(6), deletes: number(7), unchanged: number(8),
                    rejected: number(9), duplicates: number(10), sent: number(11), failed: number(12))
            }
        }
    }

    public func failures(runID: Int64) throws -> [RecordFailure] {
        try withConnection { connection in
            try connection.query("SELECT target, key, reason FROM failures WHERE run_id = $1 ORDER BY id", [String(runID)]).map { row in
                RecordFailure(target: Target(rawValue: row[0] ?? "") ?? .customAttributes, key: row[1] ?? "", reason: row[2] ?? "")
            }
        }
    }

    /// The id a `RETURNING id` gave.
    static func id(_ text: String?) throws -> Int64 {
        guard let id = text.flatMap({ Int64($0) }) else { throw ConfigurationError("the state's server returned no id for a new row") }
        return id
    }
}

/// Intents (see `SQLiteStateStore`'s): written before a request that is not idempotent goes out.
extension PostgresStateStore {
    public func recordIntent(mapping: String, scope: Scope, key: String, operation: Change.Operation, user: String, payload: String) throws -> Int64 {
        try withConnection { connection in try Self.insertIntent(connection, mapping: mapping, scope: scope, key: key, operation: operation,
                                                                  user: user, payload: payload, bulk: false) }
    }

    static func insertIntent(_ connection: PostgresConnection, mapping: String, scope: Scope, key: String, operation: Change.Operation,
                             user: String, payload: String, bulk: Bool) throws -> Int64 {
        try id(connection.value("""
            INSERT INTO intents (mapping, scope, key, operation, "user", payload, created_at, bulk) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id
            """, [mapping, scope.stored, key, operation.rawValue, user, payload, Timestamp.now(), bulk ? "1" : "0"]))
    }

    public func dropIntent(_ id: Int64) throws {
        try withConnection { connection in try connection.query("DELETE FROM intents WHERE id = $1", [String(id)]) }
    }

    public func pendingIntents(mapping: String) throws -> [PendingIntent] {
        try withConnection { connection in
            try connection.query("""
                SELECT id, scope, key, operation, "user", payload, created_at, bulk FROM intents
                WHERE mapping = $1 AND NOT EXISTS (SELECT 1 FROM bulk_records WHERE intent_id = intents.id) ORDER BY id
                """, [mapping]).map { row in
                guard let scope = Scope(stored: row[1] ?? "") else {
                    throw ConfigurationError("state \(path): an intent of an unknown scope: it was written by another attentive-sync; run that version")
                }
                return PendingIntent(id: try Self.id(row[0]), scope: scope, key: row[2] ?? "",
                                     operation: Change.Operation(rawValue: row[3] ?? "") ?? .subscribe, user: row[4] ?? "{}",
                                     payload: row[5] ?? "", recordedAt: Self.date(row[6]), bulk: row[7] == "1")
            }
        }
    }
}

/// What events mappings keep: sent events' ids (forgotten after their retention) and an
/// incremental source's watermark.
extension PostgresStateStore {
    public func watermark(mapping: String) throws -> String? {
        try withConnection { connection in try connection.value("SELECT value FROM watermarks WHERE mapping = $1", [mapping]) }
    }

    public func recordWatermark(mapping: String, _ value: String) throws {
        try withConnection { connection in
            try connection.query("""
                INSERT INTO watermarks (mapping, value, updated_at) VALUES ($1, $2, $3)
                ON CONFLICT (mapping) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """, [mapping, value, Timestamp.now()])
        }
    }

    public func expiredRecords(mapping: String, scope: Scope, before date: Date) throws -> Int {
        try withConnection { connection in
            try connection.value("SELECT count(*) FROM records WHERE mapping = $1 AND scope = $2 AND updated_at < $3",
                                 [mapping, scope.stored, date.formatted(.iso8601)]).flatMap { Int($0) } ?? 0
        }
    }

    public func forgetRecords(mapping: String, scope: Scope, before date: Date) throws -> Int {
        try withConnection { connection in
            try connection.value("WITH gone AS (DELETE FROM records WHERE mapping = $1 AND scope = $2 AND updated_at < $3 RETURNING 1) SELECT count(*) FROM gone",
                                 [mapping, scope.stored, date.formatted(.iso8601)]).flatMap { Int($0) } ?? 0
        }
    }
}
