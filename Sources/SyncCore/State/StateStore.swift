import Synchronization

/// What Attentive last acknowledged, per mapping, target and key, and the runs that got it there.
///
/// SQLite in WAL mode; the file is created with mode 0600. Every method is safe to call
/// from concurrent tasks: a mutex serializes use of the one connection. A record is written
/// here only after Attentive acknowledged it.
public final class StateStore: Sendable {
    private let database: Mutex<SQLiteDatabase>
    public let path: String

    public init(path: String) throws {
        let database = try SQLiteDatabase(path: path)
        try database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        try database.execute(Self.schema)
        self.database = Mutex(database)
        self.path = path
    }

    static let schema = """
        CREATE TABLE IF NOT EXISTS records (
            mapping TEXT NOT NULL, target TEXT NOT NULL, key TEXT NOT NULL,
            fingerprint INTEGER NOT NULL, payload TEXT NOT NULL, updated_at TEXT NOT NULL,
            PRIMARY KEY (mapping, target, key)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS runs (
            id INTEGER PRIMARY KEY, mapping TEXT NOT NULL, command TEXT NOT NULL,
            started_at TEXT NOT NULL, finished_at TEXT, duration_ms INTEGER, status TEXT NOT NULL,
            creates INTEGER, updates INTEGER, deletes INTEGER, unchanged INTEGER,
            rejected INTEGER, duplicates INTEGER, sent INTEGER, failed INTEGER);
        CREATE TABLE IF NOT EXISTS failures (
            run_id INTEGER NOT NULL, mapping TEXT NOT NULL, target TEXT NOT NULL,
            key TEXT NOT NULL, reason TEXT NOT NULL);
        """

    func withDatabase<T>(_ body: (SQLiteDatabase) throws -> T) throws -> T {
        try database.withLock { try body($0) }
    }

    // MARK: Records

    /// Every acknowledged key of a target with the fingerprint of the values last sent for it.
    public func fingerprints(mapping: String, target: Target) throws -> [String: UInt64] {
        try withDatabase { db in
            let statement = try db.prepare("SELECT key, fingerprint FROM records WHERE mapping = ? AND target = ?")
            try statement.bind([mapping, target.rawValue])
            var result: [String: UInt64] = [:]
            while try statement.step() {
                result[statement.text(0)!] = UInt64(bitPattern: statement.int64(1))
            }
            return result
        }
    }

    /// What Attentive holds for a key, as far as this tool knows.
    public func payload(mapping: String, target: Target, key: String) throws -> [String: AttributeValue]? {
        try withDatabase { db in
            let statement = try db.prepare("SELECT payload FROM records WHERE mapping = ? AND target = ? AND key = ?")
            try statement.bind([mapping, target.rawValue, key])
            guard try statement.step(), let text = statement.text(0) else { return nil }
            return AttributeSet.decode(text)
        }
    }

    /// Records an acknowledged state for each entry, in one transaction.
    public func acknowledge(mapping: String, target: Target, _ entries: [AcknowledgedRecord]) throws {
        guard !entries.isEmpty else { return }
        try withDatabase { db in
            let now = Timestamp.now()
            let upsert = try db.prepare("""
                INSERT INTO records (mapping, target, key, fingerprint, payload, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (mapping, target, key) DO UPDATE SET
                    fingerprint = excluded.fingerprint, payload = excluded.payload, updated_at = excluded.updated_at
                """)
            let delete = try db.prepare("DELETE FROM records WHERE mapping = ? AND target = ? AND key = ?")
            try db.transaction {
                for entry in entries {
                    if let payload = entry.payload {
                        try upsert.run([mapping, target.rawValue, entry.key, entry.fingerprint, payload, now])
                    } else {
                        try delete.run([mapping, target.rawValue, entry.key])
                    }
                }
            }
        }
    }
}

/// A state row to write: the acknowledged payload, or nil to forget the key.
public struct AcknowledgedRecord: Sendable, Equatable {
    public var key: String
    /// Fingerprint of the source values this acknowledgement covers.
    public var fingerprint: UInt64
    /// What Attentive now holds, as `AttributeSet.canonicalJSON`; nil when the key is forgotten.
    public var payload: String?

    public init(key: String, fingerprint: UInt64, payload: String?) {
        self.key = key
        self.fingerprint = fingerprint
        self.payload = payload
    }
}

/// The Attentive object kinds a mapping can sync.
public enum Target: String, Sendable, CaseIterable, Codable {
    case customAttributes
}
