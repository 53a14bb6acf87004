import Foundation

/// What events mappings keep: the ids of sent events, forgotten after their retention, and an
/// incremental source's watermark.
extension SQLiteStateStore {
    public func watermark(mapping: String) throws -> String? {
        try withDatabase { db in
            let statement = try db.prepare("SELECT value FROM watermarks WHERE mapping = ?")
            try statement.bind(mapping)
            return try statement.step() ? statement.text(0) : nil
        }
    }

    public func recordWatermark(mapping: String, _ value: String) throws {
        try withDatabase { db in
            try db.prepare("""
                INSERT INTO watermarks (mapping, value, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (mapping) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """).run(mapping, value, Timestamp.now())
        }
    }

    public func expiredRecords(mapping: String, scope: Scope, before date: Date) throws -> Int {
        try withDatabase { db in
            let statement = try db.prepare("SELECT COUNT(*) FROM records WHERE mapping = ? AND scope = ? AND updated_at < ?")
            try statement.bind(mapping, scope.stored, date.formatted(.iso8601))
            return try statement.step() ? Int(statement.int64(0)) : 0
        }
    }

    public func forgetRecords(mapping: String, scope: Scope, before date: Date) throws -> Int {
        try withDatabase { db in
            try db.prepare("DELETE FROM records WHERE mapping = ? AND scope = ? AND updated_at < ?")
                .run(mapping, scope.stored, date.formatted(.iso8601))
            return db.changes
        }
    }
}
