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

    @Test func aSubmissionRoundTripsWithItsIntentsAndIsSettledAtOnce() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let subscribe = entry(1, .subscription(.text, .marketing), "+12127365001", .subscribe, payload: #"{"status":"subscribed"}"#)
        let submission = try state.recordSubmission(mapping: "m", kind: .users, [
            SubmittedChange(entry(0, .customAttributes, "+12127365000"), intentUser: nil),
            SubmittedChange(subscribe, intentUser: #"{"phone":"+12127365001"}"#),
            SubmittedChange(entry(1, .segment("vip"), "+12127365001", .delete, payload: nil), intentUser: nil),
        ])
        #expect(submission.jobID == nil)
        let intent = try #require(submission.changes[1].intent)
        #expect(submission.changes.map(\.intent) == [nil, intent, nil])
        // The intent belongs to a submission waiting for its job: not for GET /subscriptions to settle.
        #expect(try state.pendingIntents(mapping: "m").isEmpty)

        try state.recordJob(submission: submission.id, jobID: "job-7")
        let pending = try state.pendingSubmissions(mapping: "m")
        #expect(pending.count == 1)
        #expect(pending[0].jobID == "job-7" && pending[0].kind == .users)
        // The same changes; within a record, in the table's order.
        let order = { (entries: [BulkSubmission.Entry]) in entries.sorted { ($0.position, $0.acknowledged.scope.stored) < ($1.position, $1.acknowledged.scope.stored) } }
        #expect(order(pending[0].changes) == order(submission.changes))
        #expect(try state.pendingSubmissions(mapping: "other").isEmpty)

        // The first record succeeded; the second's result was missing: its intent stays, for GET /subscriptions.
        try state.settleSubmissions(mapping: "m", [BulkSettlement(submission: submission.id, acknowledged: [pending[0].changes[0].acknowledged])])
        #expect(try state.pendingSubmissions(mapping: "m").isEmpty)
        #expect(try state.fingerprints(mapping: "m", scope: .customAttributes) == ["+12127365000": 7])
        let left = try state.pendingIntents(mapping: "m")
        #expect(left.map(\.id) == [intent])
        #expect(left.first?.bulk == true)
        #expect(left.first?.user == #"{"phone":"+12127365001"}"#)
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
