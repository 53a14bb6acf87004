import Foundation

/// Bulk submissions (`BulkSubmission`): `bulk_submissions`, one row per request, and
/// `bulk_records`, one row per change its records carry.
extension SQLiteStateStore {
    public func recordSubmission(mapping: String, kind: BulkSubmission.Kind, _ changes: [SubmittedChange]) throws -> BulkSubmission {
        try withDatabase { db in
            try db.transaction {
                let now = Timestamp.now()
                try db.prepare("INSERT INTO bulk_submissions (mapping, kind, submitted_at) VALUES (?, ?, ?)").run(mapping, kind.rawValue, now)
                var submission = BulkSubmission(id: db.lastInsertRowID, kind: kind, submittedAt: Date(), changes: [])
                let intent = try db.prepare("INSERT INTO intents (mapping, scope, key, operation, user, payload, created_at, bulk) VALUES (?, ?, ?, ?, ?, ?, ?, 1)")
                let id = submission.id
                var records = SQLiteGroupedInsert<BulkSubmission.Entry>(
                    "INSERT INTO bulk_records (submission_id, position, scope, key, operation, fingerprint, payload, signature, intent_id)",
                    columns: 9) { statement, after, entry in
                    let acknowledged = entry.acknowledged
                    try statement.bind(after: after, id, entry.position, acknowledged.scope.stored, acknowledged.key, entry.operation.rawValue,
                                       acknowledged.fingerprint, acknowledged.payload, entry.signature, entry.intent)
                }
                for change in changes {
                    let entry = change.entry, acknowledged = entry.acknowledged
                    var intentID: Int64?
                    if let user = change.intentUser {
                        try intent.run(mapping, acknowledged.scope.stored, acknowledged.key, entry.operation.rawValue, user,
                                       acknowledged.payload ?? "", now)
                        intentID = db.lastInsertRowID
                    }
                    var recorded = entry
                    recorded.intent = intentID
                    try records.add(recorded, to: db)
                    submission.changes.append(recorded)
                }
                try records.flush(to: db)
                return submission
            }
        }
    }

    public func recordJob(submission: Int64, jobID: String) throws {
        try withDatabase { db in try db.prepare("UPDATE bulk_submissions SET job_id = ? WHERE id = ?").run(jobID, submission) }
    }

    public func pendingSubmissions(mapping: String) throws -> [BulkSubmission] {
        try withDatabase { db in
            let submissions = try db.prepare("SELECT id, kind, job_id, submitted_at FROM bulk_submissions WHERE mapping = ? ORDER BY id")
            try submissions.bind(mapping)
            var found: [BulkSubmission] = []
            while try submissions.step() {
                guard let kind = BulkSubmission.Kind(rawValue: submissions.text(1) ?? "") else {
                    throw SQLiteError(code: 0, message: "a bulk submission of an unknown kind: it was written by another attentive-sync; run that version", path: path)
                }
                found.append(BulkSubmission(id: submissions.int64(0), kind: kind, jobID: submissions.text(2),
                                            submittedAt: submissions.text(3).flatMap { try? Date($0, strategy: .iso8601) } ?? .distantPast,
                                            changes: []))
            }
            let records = try db.prepare("""
                SELECT position, scope, key, operation, fingerprint, payload, signature, intent_id
                FROM bulk_records WHERE submission_id = ? ORDER BY position
                """)
            for index in found.indices {
                try records.bind(found[index].id)
                while try records.step() {
                    guard let scope = Scope(stored: records.text(1) ?? ""), let operation = Change.Operation(rawValue: records.text(3) ?? "") else {
                        throw SQLiteError(code: 0, message: "a bulk record of an unknown scope or operation: it was written by another attentive-sync; run that version", path: path)
                    }
                    found[index].changes.append(BulkSubmission.Entry(
                        position: Int(records.int64(0)), signature: records.text(6) ?? "", operation: operation,
                        acknowledged: AcknowledgedRecord(scope: scope, key: records.text(2) ?? "", fingerprint: UInt64(bitPattern: records.int64(4)),
                                                         payload: records.text(5)),
                        intent: records.isNull(7) ? nil : records.int64(7)))
                }
            }
            return found
        }
    }

    public func settleSubmissions(mapping: String, _ settlements: [BulkSettlement]) throws {
        guard !settlements.isEmpty else { return }
        try withDatabase { db in
            try db.transaction {
                try writeAcknowledged(db, mapping: mapping, settlements.flatMap(\.acknowledged), removingIntents: settlements.flatMap(\.removingIntents))
                for settlement in settlements {
                    try db.prepare("DELETE FROM bulk_records WHERE submission_id = ?").run(settlement.submission)
                    try db.prepare("DELETE FROM bulk_submissions WHERE id = ?").run(settlement.submission)
                }
            }
        }
    }
}
