/// The runs table: one row per `run` or `baseline`, for `history`.
extension SQLiteStateStore {
    /// Opens a run and returns its id.
    public func beginRun(mapping: String, command: String) throws -> Int64 {
        try withDatabase { db in
            try db.prepare("INSERT INTO runs (mapping, command, started_at, status) VALUES (?, ?, ?, 'running')")
                .run(mapping, command, Timestamp.now())
            return db.lastInsertRowID
        }
    }

    /// Closes a run with its outcome and failures.
    public func finishRun(id: Int64, summary: RunSummary, failures: [RecordFailure]) throws {
        try withDatabase { db in
            try db.transaction {
                try db.prepare("""
                    UPDATE runs SET finished_at = ?, duration_ms = ?, status = ?, creates = ?, updates = ?, deletes = ?,
                        unchanged = ?, rejected = ?, duplicates = ?, sent = ?, failed = ? WHERE id = ?
                    """).run(Timestamp.now(), summary.durationMilliseconds, summary.status.rawValue,
                              summary.creates, summary.updates, summary.deletes, summary.unchanged,
                              summary.rejected, summary.duplicates, summary.sent, summary.failed, id)
                let insert = try db.prepare("INSERT INTO failures (run_id, mapping, target, key, reason) SELECT ?, mapping, ?, ?, ? FROM runs WHERE id = ?")
                for failure in failures {
                    try insert.run(id, failure.target.rawValue, failure.key, failure.reason, id)
                }
            }
        }
    }

    /// Marks runs of `mapping` still shown as running as interrupted: call while holding the
    /// mapping's run lock, when no other process can be running it.
    public func markAbandonedRuns(mapping: String) throws {
        try withDatabase { db in
            try db.prepare("UPDATE runs SET status = 'interrupted' WHERE mapping = ? AND status = 'running'").run(mapping)
        }
    }

    /// Whether any run or baseline of `mapping` is recorded.
    public func hasRuns(mapping: String) throws -> Bool {
        try withDatabase { db in
            let statement = try db.prepare("SELECT 1 FROM runs WHERE mapping = ? LIMIT 1")
            try statement.bind(mapping)
            return try statement.step()
        }
    }

    /// When the last run of `mapping` that succeeded finished (ISO 8601), if one did.
    public func lastSuccess(mapping: String) throws -> String? {
        try withDatabase { db in
            let statement = try db.prepare(
                "SELECT finished_at FROM runs WHERE mapping = ? AND command = 'run' AND status = 'succeeded' ORDER BY id DESC LIMIT 1")
            try statement.bind(mapping)
            return try statement.step() ? statement.text(0) : nil
        }
    }

    /// Past runs of a mapping, newest first.
    public func runs(mapping: String, limit: Int) throws -> [RunSummary] {
        try withDatabase { db in
            let statement = try db.prepare("""
                SELECT id, command, started_at, COALESCE(duration_ms, 0), status, COALESCE(creates, 0), COALESCE(updates, 0),
                    COALESCE(deletes, 0), COALESCE(unchanged, 0), COALESCE(rejected, 0), COALESCE(duplicates, 0),
                    COALESCE(sent, 0), COALESCE(failed, 0)
                FROM runs WHERE mapping = ? ORDER BY id DESC LIMIT ?
                """)
            try statement.bind(mapping, limit)
            var runs: [RunSummary] = []
            while try statement.step() {
                runs.append(RunSummary(
                    id: statement.int64(0), command: statement.text(1) ?? "", startedAt: statement.text(2) ?? "",
                    durationMilliseconds: Int(statement.int64(3)),
                    status: RunSummary.Status(rawValue: statement.text(4) ?? "") ?? .aborted,
                    creates: Int(statement.int64(5)), updates: Int(statement.int64(6)), deletes: Int(statement.int64(7)),
                    unchanged: Int(statement.int64(8)), rejected: Int(statement.int64(9)), duplicates: Int(statement.int64(10)),
                    sent: Int(statement.int64(11)), failed: Int(statement.int64(12))))
            }
            return runs
        }
    }

    /// The failures recorded for a run.
    public func failures(runID: Int64) throws -> [RecordFailure] {
        try withDatabase { db in
            let statement = try db.prepare("SELECT target, key, reason FROM failures WHERE run_id = ? ORDER BY rowid")
            try statement.bind(runID)
            var failures: [RecordFailure] = []
            while try statement.step() {
                failures.append(RecordFailure(
                    target: Target(rawValue: statement.text(0) ?? "") ?? .customAttributes,
                    key: statement.text(1) ?? "", reason: statement.text(2) ?? ""))
            }
            return failures
        }
    }
}

/// One run as `history` shows it.
public struct RunSummary: Sendable, Equatable {
    public enum Status: String, Sendable {
        case running, succeeded, completedWithFailures = "completed with failures", aborted
        /// Stopped by a signal, or its process died (shown so once no process holds its lock).
        case interrupted
    }

    public var id: Int64 = 0
    public var command: String = ""
    public var startedAt: String = ""
    public var durationMilliseconds: Int = 0
    public var status: Status = .running
    public var creates = 0, updates = 0, deletes = 0, unchanged = 0
    public var rejected = 0, duplicates = 0
    public var sent = 0, failed = 0

    public init(id: Int64 = 0, command: String = "", startedAt: String = "", durationMilliseconds: Int = 0,
                status: Status = .running, creates: Int = 0, updates: Int = 0, deletes: Int = 0, unchanged: Int = 0,
                rejected: Int = 0, duplicates: Int = 0, sent: Int = 0, failed: Int = 0) {
        self.id = id
        self.command = command
        self.startedAt = startedAt
        self.durationMilliseconds = durationMilliseconds
        self.status = status
        self.creates = creates
        self.updates = updates
        self.deletes = deletes
        self.unchanged = unchanged
        self.rejected = rejected
        self.duplicates = duplicates
        self.sent = sent
        self.failed = failed
    }
}

/// A record Attentive refused (or that could not be delivered), to be retried next run.
public struct RecordFailure: Sendable, Equatable {
    public var target: Target
    public var key: String
    public var reason: String

    public init(target: Target, key: String, reason: String) {
        self.target = target
        self.key = key
        self.reason = reason
    }
}
