import Foundation

/// Bulk submissions (`BulkSubmission`): a row per request and a row per change its records carry.
extension PostgresStateStore {
    public func recordSubmission(mapping: String, kind: BulkSubmission.Kind, _ changes: [SubmittedChange]) throws -> BulkSubmission {
        try transaction { connection in
            let id = try Self.id(connection.value("INSERT INTO bulk_submissions (mapping, kind, submitted_at) VALUES ($1, $2, $3) RETURNING id",
                                                  [mapping, kind.rawValue, Timestamp.now()]))
            var submission = BulkSubmission(id: id, kind: kind, submittedAt: Date(), changes: [])
            for change in changes {
                var entry = change.entry
                if let user = change.intentUser {
                    entry.intent = try Self.insertIntent(connection, mapping: mapping, scope: entry.acknowledged.scope, key: entry.acknowledged.key,
                                                         operation: entry.operation, user: user, payload: entry.acknowledged.payload ?? "", bulk: true)
                }
                submission.changes.append(entry)
            }
            for batch in Self.batches(submission.changes) {
                try connection.query("""
                    INSERT INTO bulk_records (submission_id, position, scope, key, operation, fingerprint, payload, signature, intent_id)
                    SELECT $1, * FROM unnest($2::integer[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::bigint[])
                    """, [String(id), PostgresArrayText.numbers(batch.map { Int64($0.position) }),
                          PostgresArrayText.texts(batch.map(\.acknowledged.scope.stored)), PostgresArrayText.texts(batch.map(\.acknowledged.key)),
                          PostgresArrayText.texts(batch.map(\.operation.rawValue)), PostgresArrayText.bits(batch.map(\.acknowledged.fingerprint)),
                          PostgresArrayText.texts(batch.map(\.acknowledged.payload)), PostgresArrayText.texts(batch.map(\.signature)),
                          PostgresArrayText.numbers(batch.map(\.intent))])
            }
            return submission
        }
    }

    public func recordJob(submission: Int64, jobID: String) throws {
        try withConnection { connection in
            try connection.query("UPDATE bulk_submissions SET job_id = $1 WHERE id = $2", [jobID, String(submission)])
        }
    }

    public func pendingSubmissions(mapping: String) throws -> [BulkSubmission] {
        try withConnection { connection in
            var found = try connection.query("SELECT id, kind, job_id, submitted_at FROM bulk_submissions WHERE mapping = $1 ORDER BY id",
                                             [mapping]).map { row in
                guard let kind = BulkSubmission.Kind(rawValue: row[1] ?? "") else {
                    throw ConfigurationError("state \(path): a bulk submission of an unknown kind: it was written by another attentive-sync; run that version")
                }
                return BulkSubmission(id: try Self.id(row[0]), kind: kind, jobID: row[2], submittedAt: Self.date(row[3]), changes: [])
            }
            for index in found.indices {
                found[index].changes = try connection.query("""
                    SELECT position, scope, key, operation, fingerprint, payload, signature, intent_id
                    FROM bulk_records WHERE submission_id = $1 ORDER BY position
                    """, [String(found[index].id)]).map { row in
                    guard let scope = Scope(stored: row[1] ?? ""), let operation = Change.Operation(rawValue: row[3] ?? "") else {
                        throw ConfigurationError("state \(path): a bulk record of an unknown scope or operation: it was written by another attentive-sync; run that version")
                    }
                    return BulkSubmission.Entry(
                        position: Int(row[0] ?? "") ?? 0, signature: row[6] ?? "", operation: operation,
                        acknowledged: AcknowledgedRecord(scope: scope, key: row[2] ?? "", fingerprint: Self.bits(row[4]), payload: row[5]),
                        intent: row[7].flatMap { Int64($0) })
                }
            }
            return found
        }
    }

    public func settleSubmissions(mapping: String, _ settlements: [BulkSettlement]) throws {
        guard !settlements.isEmpty else { return }
        try transaction { connection in
            try writeAcknowledged(connection, mapping: mapping, settlements.flatMap(\.acknowledged), removingIntents: settlements.flatMap(\.removingIntents))
            let ids = PostgresArrayText.numbers(settlements.map(\.submission))
            try connection.query("DELETE FROM bulk_records WHERE submission_id = ANY($1::bigint[])", [ids])
            try connection.query("DELETE FROM bulk_submissions WHERE id = ANY($1::bigint[])", [ids])
        }
    }
}
