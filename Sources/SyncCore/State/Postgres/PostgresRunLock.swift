import Foundation

/// One run at a time per sync when the state is in PostgreSQL: a session-level advisory lock per
/// state schema and mapping name, held by a connection of its own that stays idle. The server
/// releases it when the session ends however it ends: a killed runner's connection closes and
/// frees it at once; one whose machine vanished is found by TCP keepalives within about a minute.
///
/// The holder names itself in the connection's `application_name`, which a second run reads from
/// `pg_stat_activity` for its message.
public final class PostgresRunLock: @unchecked Sendable {
    // Unchecked: the connection is only held, never used again, until the lock is dropped.
    private let connection: PostgresConnection

    private init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Takes the lock of `mapping` in the state schema `schema`, or throws `RunLock.HeldError`
    /// naming the holder; `wait` and `waiting` as for `RunLock`.
    public static func acquire(_ connectionString: PostgresConnectionString?, schema: String, mapping: String, command: String,
                               wait: Duration? = nil, waiting: (RunLock.Holder?) -> Void = { _ in }) async throws -> PostgresRunLock {
        let me = RunLock.Holder(pid: getpid(), host: ProcessInfo.processInfo.hostName, command: command, since: "")
        let connection = try PostgresConnection(connectionString: connectionString, parameters: [
            ("application_name", applicationName(of: me)),
            ("keepalives", "1"), ("keepalives_idle", "30"), ("keepalives_interval", "10"), ("keepalives_count", "3"),
        ])
        let key = String(key(schema: schema, mapping: mapping))
        try await RunLock.retry(mapping: mapping, wait: wait, waiting: waiting, holder: { try? holder(of: key, on: connection) }) {
            try connection.query("SELECT pg_try_advisory_lock($1::bigint)", [key]).first?.first == "t"
        }
        return PostgresRunLock(connection: connection)
    }

    /// The lock's key: FNV-1a of the schema and the mapping name, so two states in one database
    /// lock apart. An operator can hold it by hand to pause a sync: `SELECT pg_advisory_lock(key)`.
    public static func key(schema: String, mapping: String) -> Int64 {
        Int64(bitPattern: FNV1a.hash("attentive_sync\u{0}\(schema)\u{0}\(mapping)"))
    }

    /// `attentive-sync:PID:COMMAND:HOST`, cut to the 63 bytes PostgreSQL keeps.
    static func applicationName(of holder: RunLock.Holder) -> String {
        var name = "attentive-sync:\(holder.pid):\(holder.command):\(holder.host)"
        while name.utf8.count > 63 { name.removeLast() }
        return name
    }

    /// The session holding the lock `key`: an attentive-sync run by what it says of itself,
    /// another client by its backend's pid, address and application.
    static func holder(of key: String, on connection: PostgresConnection) throws -> RunLock.Holder? {
        // A bigint advisory lock shows in pg_locks as its high half (classid) and low half (objid).
        let rows = try connection.query("""
            SELECT a.pid, coalesce(host(a.client_addr), 'a local socket'), a.application_name,
                   to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid = (($1::bigint >> 32) & 4294967295)::text::oid AND l.objid = ($1::bigint & 4294967295)::text::oid
            """, [key])
        guard let row = rows.first, let pid = row[0].flatMap(Int32.init) else { return nil }
        let since = row[3] ?? ""
        let parts = (row[2] ?? "").split(separator: ":", maxSplits: 3).map(String.init)
        if parts.count == 4, parts[0] == "attentive-sync", let clientPID = Int32(parts[1]) {
            return RunLock.Holder(pid: clientPID, host: parts[3], command: parts[2], since: since)
        }
        return RunLock.Holder(pid: pid, host: row[1] ?? "", command: "PostgreSQL backend of '\(row[2] ?? "")'", since: since)
    }
}

extension PostgresRunLock {
    /// Whether a session holds the lock of `mapping` now; false when the server cannot be asked.
    public static func isHeld(_ connectionString: PostgresConnectionString?, schema: String, mapping: String) -> Bool {
        guard let connection = try? PostgresConnection(connectionString: connectionString) else { return false }
        return (try? holder(of: String(key(schema: schema, mapping: mapping)), on: connection)) != nil
    }
}
