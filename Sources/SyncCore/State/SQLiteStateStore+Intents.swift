import Foundation

/// Intents: a request that is not idempotent (a subscribe or unsubscribe) is written here before
/// it goes out and removed with its outcome. One left behind means its answer never arrived: the
/// next run asks Attentive what happened before sending anything again.
extension StateStore {
    /// Records that `change` is about to be sent; returns the intent's id.
    public func recordIntent(mapping: String, _ change: Change) throws -> Int64 {
        try recordIntent(mapping: mapping, scope: change.acknowledged.scope, key: change.key, operation: change.operation,
                         user: RequestBody.user(change.user), payload: change.acknowledged.payload ?? "")
    }
}

extension SQLiteStateStore {
    public func recordIntent(mapping: String, scope: Scope, key: String, operation: Change.Operation, user: String, payload: String) throws -> Int64 {
        try withDatabase { db in
            try db.prepare("INSERT INTO intents (mapping, scope, key, operation, user, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .run(mapping, scope.stored, key, operation.rawValue, user, payload, Timestamp.now())
            return db.lastInsertRowID
        }
    }

    /// Removes an intent whose request Attentive refused: nothing happened.
    public func dropIntent(_ id: Int64) throws {
        try withDatabase { db in try db.prepare("DELETE FROM intents WHERE id = ?").run(id) }
    }

    /// Intents of earlier runs that never learned their outcome, oldest first; not those of
    /// bulk records still waiting for their job's results.
    public func pendingIntents(mapping: String) throws -> [PendingIntent] {
        try withDatabase { db in
            let statement = try db.prepare("""
                SELECT id, scope, key, operation, user, payload, created_at, bulk FROM intents
                WHERE mapping = ? AND id NOT IN (SELECT intent_id FROM bulk_records WHERE intent_id IS NOT NULL) ORDER BY id
                """)
            try statement.bind(mapping)
            var intents: [PendingIntent] = []
            while try statement.step() {
                guard let scope = Scope(stored: statement.text(1) ?? "") else {
                    throw SQLiteError(code: 0, message: "an intent of an unknown scope: it was written by another attentive-sync; run that version", path: path)
                }
                intents.append(PendingIntent(
                    id: statement.int64(0), scope: scope, key: statement.text(2) ?? "",
                    operation: Change.Operation(rawValue: statement.text(3) ?? "") ?? .subscribe,
                    user: statement.text(4) ?? "{}", payload: statement.text(5) ?? "",
                    recordedAt: statement.text(6).flatMap { try? Date($0, strategy: .iso8601) } ?? .distantPast,
                    bulk: statement.int64(7) != 0))
            }
            return intents
        }
    }
}

/// A request that may or may not have reached Attentive.
public struct PendingIntent: Sendable, Equatable {
    public var id: Int64
    public var scope: Scope
    public var key: String
    public var operation: Change.Operation
    /// The request's `user` object, as sent.
    public var user: String
    /// The state to record if Attentive shows the request took effect.
    public var payload: String
    /// When the request was about to go out.
    public var recordedAt: Date
    /// Sent in a bulk job, which Attentive may process hours later.
    public var bulk = false
}
