import Foundation
import Testing
@testable import SyncCore

/// Bulk submissions in the state: written before their request, given a job, settled in one transaction.
@Suite struct BulkSubmissionStateTests {
    let directory = TemporaryDirectory()

    func entry(_ position: Int, _ scope: Scope, _ key: String, _ operation: Change.Operation = .create, payload: String? = "{}") -> BulkSubmission.Entry {
        BulkSubmission.Entry(position: position, signature: BulkRecord.signature(phone: key, email: nil), operation: operation,
                             acknowledged: AcknowledgedRecord(scope: scope, key: key, fingerprint: UInt64(position + 7), payload: payload))
    }

    @Test func aStateOfVersion4IsMigratedToHoldSubmissions() throws {
        let path = directory.path("v4.sqlite")
        do {
            let old = try SQLiteDatabase(path: path)
            try old.execute(StateSchema.migrations[0...3].joined() + "PRAGMA user_version = 4;")
            try old.execute("INSERT INTO intents (mapping, scope, key, operation, user, payload, created_at) VALUES ('m', 'subscription:TEXT:MARKETING', '+12127365000', 'subscribe', '{}', '{}', '2026-12-01T00:00:00Z')")
        }
        let state = try SQLiteStateStore(path: path)
        #expect(try SQLiteDatabase(path: path).userVersion() == StateSchema.version)
        #expect(try state.pendingIntents(mapping: "m").map(\.bulk) == [false])
        #expect(try state.recordSubmission(mapping: "m", kind: .addSegmentMembers, [
            SubmittedChange(entry(0, .segment("vip"), "+12127365000"), intentUser: nil),
        ]).changes.count == 1)
    }
}
