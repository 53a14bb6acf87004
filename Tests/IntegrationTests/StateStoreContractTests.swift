import Foundation
import Testing
@testable import SyncCore

/// The state stores, SQLite's and PostgreSQL's: what a test runs against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// A new, empty store: a file in a folder of its own, or a schema of its own on the test server.
    func make() async throws -> any StateStore {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attentive-sync-state-\(UUID().uuidString)")
            return try SQLiteStateStore(path: folder.appendingPathComponent("s.sqlite").path)
        case .postgres:
            let server = try await PostgresServer.shared()
            return try PostgresStateStore(PostgresConnectionString(server.login.connectionString),
                                          schema: "state_" + UUID().uuidString.prefix(8).lowercased())
        }
    }
}

/// One suite, two stores: every behaviour of `StateStore` the pipeline relies on, against a
/// SQLite file and a schema on a real PostgreSQL server. One test at a time: they block on the
/// server, and the tests of the in-process mock need the concurrency pool's threads.
@Suite(.serialized) struct StateStoreContractTests {
    func entry(_ position: Int, _ scope: Scope, _ key: String, _ operation: Change.Operation = .create, payload: String? = "{}") -> BulkSubmission.Entry {
        BulkSubmission.Entry(position: position, signature: BulkRecord.signature(phone: key, email: nil), operation: operation,
                             acknowledged: AcknowledgedRecord(scope: scope, key: key, fingerprint: UInt64(position + 7), payload: payload))
    }


    @Test(arguments: StoreKind.allCases) func acknowledgedRecordsRoundTrip(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let payload = AttributeSet.canonicalJSON(["Tier": .string("Gold \"A\"\n"), "LTV": .number("12.5"), "VIP": .boolean(true)])
        try store.acknowledge(mapping: "m", [
            AcknowledgedRecord(scope: .customAttributes, key: "+14155550100", fingerprint: 42, payload: payload),
            AcknowledgedRecord(scope: .customAttributes, key: "a@example.com", fingerprint: UInt64.max, payload: "{}"),
        ])
        #expect(try store.fingerprints(mapping: "m", scope: .customAttributes) == ["+14155550100": 42, "a@example.com": UInt64.max])
        #expect(try store.fingerprints(mapping: "other", scope: .customAttributes).isEmpty)
        // The payload comes back as stored, byte for byte.
        #expect(try store.payloadText(mapping: "m", scope: .customAttributes, key: "+14155550100") == payload)
        // Empty text is stored as empty text (not NULL), and text beyond ASCII byte for byte.
        try store.acknowledge(mapping: "m", [
            AcknowledgedRecord(scope: .identityLinks, key: "", fingerprint: 7, payload: ""),
            AcknowledgedRecord(scope: .identityLinks, key: "é@example.com", fingerprint: 8, payload: "{\"clientUserId\":\"Zoë\"}"),
        ])
        #expect(try store.payloads(mapping: "m", scope: .identityLinks) == ["": "", "é@example.com": "{\"clientUserId\":\"Zoë\"}"])
        try store.acknowledge(mapping: "m", [AcknowledgedRecord(scope: .customAttributes, key: "a@example.com", fingerprint: 0, payload: nil)])
        #expect(try store.fingerprints(mapping: "m", scope: .customAttributes).keys.sorted() == ["+14155550100"])
    }


    /// The digests come back as recorded when they span many of the chunks they are read in,
    /// keys with several digests across a chunk's end included; the keys' slots are in key order.
    @Test(arguments: StoreKind.allCases) func manyRowDigestsReadBackAsRecorded(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        var rows: [SettledRow] = []
        var expected: [RowDigest: KnownRow] = [:]
        for index in 0..<20_000 {
            let key = index % 5 == 0 ? "customer-\(index)@example.com" : "+1212\(1_000_000 + index)"
            let digest = RowDigest(high: UInt64(index), low: 1)
            // Every third key has two superseded rows, the first of them with warnings.
            let superseded = index % 3 == 0 ? [RowDigest(high: UInt64(index), low: 2), RowDigest(high: UInt64(index), low: 3)] : []
            rows.append(SettledRow(key: key, digest: digest, counted: UInt64(index % 4), superseded: superseded, warned: Set(superseded.prefix(1))))
            expected[digest] = KnownRow(key: key, counted: UInt64(index % 4))
            for (position, old) in superseded.enumerated() { expected[old] = KnownRow(key: key, counted: nil, warned: position == 0) }
        }
        try store.recordDigests(mapping: "m", rows)
        let known = try store.rowDigests(mapping: "m")
        #expect(expected.count > 2 * 16_384)
        #expect(known.all == expected)
        #expect(known.keys == known.keys.sorted { KnownDigests.compare($0, $1) < 0 } && Set(known.keys).count == 20_000)
        #expect(try store.rowDigests(mapping: "other").isEmpty)
    }


    /// A key whose state moves loses its digests; recording a key's digests replaces what it had.
    /// Another mapping's digests are untouched by both.
    @Test(arguments: StoreKind.allCases) func digestsGoWithTheStateTheyStoodFor(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let (a, b, c, d) = (RowDigest(high: 1, low: 1), RowDigest(high: 2, low: 2), RowDigest(high: 3, low: 3), RowDigest(high: 4, low: 4))
        try store.recordDigests(mapping: "m", [SettledRow(key: "k1", digest: a, counted: 1), SettledRow(key: "k2", digest: b, counted: 1, superseded: [c])])
        try store.recordDigests(mapping: "other", [SettledRow(key: "k1", digest: a, counted: 1)])
        try store.acknowledge(mapping: "m", [AcknowledgedRecord(scope: .customAttributes, key: "k1", fingerprint: 1, payload: "{}")])
        #expect(try store.rowDigests(mapping: "m").all == [b: KnownRow(key: "k2", counted: 1), c: KnownRow(key: "k2", counted: nil)])
        try store.recordDigests(mapping: "m", [SettledRow(key: "k2", digest: d, counted: 2)])
        #expect(try store.rowDigests(mapping: "m").all == [d: KnownRow(key: "k2", counted: 2)])
        #expect(try store.rowDigests(mapping: "other").all == [a: KnownRow(key: "k1", counted: 1)])
    }


    /// Records are written a group of rows per statement: every one lands across many groups and
    /// a last short one, a removal between two writes of a key comes in its place, and a key given
    /// twice in one recording of digests keeps its second row's only, as one row at a time would.
    @Test(arguments: StoreKind.allCases) func manyRecordsAndDigestsLandAsIfOneAtATime(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let count = max(SQLiteGroupedInsert<Int>.groupSize * 10, PostgresArrayText.batchSize * 2) + 7
        let keys = (0..<count).map { "+1212\(1_000_000 + $0)" }
        try store.acknowledge(mapping: "m", keys.enumerated().map { index, key in
            AcknowledgedRecord(scope: .customAttributes, key: key, fingerprint: UInt64(index), payload: "{\"n\":\(index)}")
        })
        #expect(try store.fingerprints(mapping: "m", scope: .customAttributes) == Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, UInt64($0)) }))
        // One call: the key written, removed, written again (it stays), another written then removed (it goes).
        try store.acknowledge(mapping: "m", [
            AcknowledgedRecord(scope: .customAttributes, key: keys[3], fingerprint: 100, payload: "{}"),
            AcknowledgedRecord(scope: .customAttributes, key: keys[3], fingerprint: 0, payload: nil),
            AcknowledgedRecord(scope: .customAttributes, key: keys[3], fingerprint: 101, payload: "{\"again\":true}"),
            AcknowledgedRecord(scope: .customAttributes, key: keys[4], fingerprint: 102, payload: "{}"),
            AcknowledgedRecord(scope: .customAttributes, key: keys[4], fingerprint: 0, payload: nil),
        ])
        let fingerprints = try store.fingerprints(mapping: "m", scope: .customAttributes)
        #expect(fingerprints.count == count - 1 && fingerprints[keys[3]] == 101 && fingerprints[keys[4]] == nil)
        #expect(try store.payloadText(mapping: "m", scope: .customAttributes, key: keys[3]) == "{\"again\":true}")

        let digest = { (index: Int, low: UInt64) in RowDigest(high: UInt64(index), low: low) }
        try store.recordDigests(mapping: "m", keys.indices.map { SettledRow(key: keys[$0], digest: digest($0, 1), counted: 1, superseded: [digest($0, 2)]) })
        #expect(try store.rowDigests(mapping: "m").all.count == 2 * count)
        try store.recordDigests(mapping: "m", [
            SettledRow(key: keys[5], digest: digest(5, 3), counted: 1, superseded: [digest(5, 4)]),
            SettledRow(key: keys[5], digest: digest(5, 5), counted: 2),
        ])
        let known = try store.rowDigests(mapping: "m").all
        #expect(known.count == 2 * count - 1)
        #expect(known.filter { $0.value.key == keys[5] } == [digest(5, 5): KnownRow(key: keys[5], counted: 2)])
    }


    @Test(arguments: StoreKind.allCases) func runsAndFailuresAreKept(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let first = try store.beginRun(mapping: "m", command: "run")
        try store.finishRun(id: first, summary: RunSummary(status: .completedWithFailures, creates: 3, sent: 2, failed: 1),
                            failures: [RecordFailure(target: .subscriptions, key: "+14155550100", reason: "400: bad")])
        let second = try store.beginRun(mapping: "m", command: "baseline")
        let runs = try store.runs(mapping: "m")
        #expect(runs.map(\.id) == [second, first])
        #expect(runs[1].creates == 3 && runs[1].sent == 2 && runs[1].failed == 1 && runs[1].status == .completedWithFailures)
        #expect(runs[0].status == .running)
        #expect(try store.failures(runID: first) == [RecordFailure(target: .subscriptions, key: "+14155550100", reason: "400: bad")])
    }

    @Test(arguments: StoreKind.allCases) func aSubmissionRoundTripsWithItsIntentsAndIsSettledAtOnce(_ kind: StoreKind) async throws {
        let state = try await kind.make()
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

    /// Lookups of some keys, counts per target, and a key with text COPY and array literals
    /// must escape (quotes, backslashes, a tab, a line feed).
    @Test(arguments: StoreKind.allCases) func keysAreLookedUpAndCounted(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let odd = "a\"b\\c\td\ne,{f}@example.com"
        try store.acknowledge(mapping: "m", [
            AcknowledgedRecord(scope: .customAttributes, key: "+12127365000", fingerprint: 1, payload: #"{"a":"\\"}"#),
            AcknowledgedRecord(scope: .customAttributes, key: odd, fingerprint: 2, payload: "{}"),
            AcknowledgedRecord(scope: .subscription(.text, .marketing), key: "+12127365000", fingerprint: 3, payload: "{}"),
            AcknowledgedRecord(scope: .subscription(.email, .marketing), key: odd, fingerprint: 4, payload: "{}"),
            AcknowledgedRecord(scope: .identityLinks, key: odd, fingerprint: 5, payload: "{}"),
        ])
        #expect(try store.storedRecords(mapping: "m", scope: .customAttributes, of: [odd, "+19999999999"]) == [odd: StoredRecord(fingerprint: 2, payload: "{}")])
        #expect(try store.payloadTexts(mapping: "m", scope: .customAttributes, of: ["+12127365000", odd]) == ["+12127365000": #"{"a":"\\"}"#, odd: "{}"])
        #expect(try store.recordCounts(mapping: "m") == [.customAttributes: 2, .subscriptions: 2, .identityLinks: 1])
        #expect(try store.recordCounts(mapping: "other").isEmpty)
        try store.recordDigests(mapping: "m", [SettledRow(key: odd, digest: RowDigest(high: 1, low: UInt64.max), counted: 5)])
        #expect(try store.rowDigests(mapping: "m").all == [RowDigest(high: 1, low: UInt64.max): KnownRow(key: odd, counted: 5)])
    }

    /// Rejected rows are replaced by the last plan's, per mapping.
    @Test(arguments: StoreKind.allCases) func rejectionsAreTheLastPlans(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let (a, b) = (RowDigest(high: 1, low: 2), RowDigest(high: UInt64.max, low: 0))
        try store.recordRejections(mapping: "m", [RejectedRow(digest: a, reason: "phone: not a valid phone number"),
                                                  RejectedRow(digest: b, reason: "product held back", key: "P1")])
        try store.recordRejections(mapping: "other", [RejectedRow(digest: a, reason: "x")])
        #expect(try store.rowDigests(mapping: "m").rejected == [a: RejectedRow(digest: a, reason: "phone: not a valid phone number"),
                                                                b: RejectedRow(digest: b, reason: "product held back", key: "P1")])
        try store.recordRejections(mapping: "m", [RejectedRow(digest: b, reason: "empty")])
        #expect(try store.rowDigests(mapping: "m").rejected == [b: RejectedRow(digest: b, reason: "empty")])
        try store.recordRejections(mapping: "m", [])
        #expect(try store.rowDigests(mapping: "m").isEmpty)
        #expect(try store.rowDigests(mapping: "other").rejected.count == 1)
    }

    /// An intent stays pending until it is dropped or resolved with its acknowledgement.
    @Test(arguments: StoreKind.allCases) func intentsStayUntilSettled(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let scope = Scope.subscription(.text, .marketing)
        let first = try store.recordIntent(mapping: "m", scope: scope, key: "+12127365000", operation: .subscribe,
                                           user: #"{"phone":"+12127365000"}"#, payload: #"{"status":"subscribed"}"#)
        let second = try store.recordIntent(mapping: "m", scope: scope, key: "+12127365001", operation: .unsubscribe, user: "{}", payload: "")
        let third = try store.recordIntent(mapping: "m", scope: scope, key: "+12127365002", operation: .subscribe, user: "{}", payload: "{}")
        _ = try store.recordIntent(mapping: "other", scope: scope, key: "+12127365000", operation: .subscribe, user: "{}", payload: "{}")
        let pending = try store.pendingIntents(mapping: "m")
        #expect(pending.map(\.id) == [first, second, third])
        #expect(pending[0].key == "+12127365000" && pending[0].operation == .subscribe && pending[0].scope == scope && !pending[0].bulk)
        #expect(pending[0].user == #"{"phone":"+12127365000"}"# && pending[0].payload == #"{"status":"subscribed"}"#)
        #expect(abs(pending[0].recordedAt.timeIntervalSinceNow) < 600)
        #expect(pending[1].operation == .unsubscribe)
        try store.dropIntent(second)
        try store.acknowledge(mapping: "m", [AcknowledgedRecord(scope: scope, key: "+12127365000", fingerprint: 1, payload: "{}")], resolvingIntents: [first])
        #expect(try store.pendingIntents(mapping: "m").map(\.id) == [third])
        #expect(try store.payloadText(mapping: "m", scope: scope, key: "+12127365000") == "{}")
    }

    /// A run's life: running, finished, the last success; one left running is marked interrupted.
    @Test(arguments: StoreKind.allCases) func runsAreOpenedClosedAndAbandoned(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        #expect(try !store.hasRuns(mapping: "m"))
        #expect(try store.lastSuccess(mapping: "m") == nil)
        let baseline = try store.beginRun(mapping: "m", command: "baseline")
        try store.finishRun(id: baseline, summary: RunSummary(status: .succeeded, creates: 5), failures: [])
        #expect(try store.lastSuccess(mapping: "m") == nil, "a baseline is not a run")
        let run = try store.beginRun(mapping: "m", command: "run")
        let failures = (0..<3).map { RecordFailure(target: .customAttributes, key: "k\($0)", reason: "429: try later \($0)") }
        try store.finishRun(id: run, summary: RunSummary(durationMilliseconds: 1234, status: .succeeded, updates: 2, unchanged: 9, rejected: 1, duplicates: 4),
                            failures: failures)
        let finished = try #require(try store.lastSuccess(mapping: "m"))
        #expect(finished.hasPrefix("20"))
        let dead = try store.beginRun(mapping: "m", command: "run")
        try store.markAbandonedRuns(mapping: "m")
        let runs = try store.runs(mapping: "m")
        #expect(runs.map(\.id) == [dead, run, baseline])
        #expect(runs.map(\.status) == [.interrupted, .succeeded, .succeeded])
        #expect(runs[1].durationMilliseconds == 1234 && runs[1].updates == 2 && runs[1].unchanged == 9 && runs[1].rejected == 1 && runs[1].duplicates == 4)
        #expect(try store.runs(mapping: "m", limit: 1).map(\.id) == [dead])
        #expect(try store.failures(runID: run) == failures)
        #expect(try store.hasRuns(mapping: "m") && !store.hasRuns(mapping: "other"))
    }

    /// Watermarks per mapping; records older than a date are counted and forgotten, the rest stay.
    @Test(arguments: StoreKind.allCases) func watermarksAndExpiredRecords(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        #expect(try store.watermark(mapping: "orders") == nil)
        try store.recordWatermark(mapping: "orders", "2026-12-01T00:00:00Z")
        try store.recordWatermark(mapping: "orders", "2026-12-02T00:00:00Z")
        #expect(try store.watermark(mapping: "orders") == "2026-12-02T00:00:00Z")
        #expect(try store.watermark(mapping: "other") == nil)
        let scope = Scope.event(.purchases)
        try store.acknowledge(mapping: "orders", [AcknowledgedRecord(scope: scope, key: "o1", fingerprint: 1, payload: "{}"),
                                                  AcknowledgedRecord(scope: scope, key: "o2", fingerprint: 2, payload: "{}")])
        #expect(try store.expiredRecords(mapping: "orders", scope: scope, before: Date().addingTimeInterval(-3600)) == 0)
        let later = Date().addingTimeInterval(3600)
        #expect(try store.expiredRecords(mapping: "orders", scope: scope, before: later) == 2)
        #expect(try store.forgetRecords(mapping: "orders", scope: scope, before: later) == 2)
        #expect(try store.payloads(mapping: "orders", scope: scope).isEmpty)
    }

    /// Reads inside a snapshot see the state as it was when it began, whatever another
    /// connection writes meanwhile.
    @Test(arguments: StoreKind.allCases) func aSnapshotIsNotMovedByAnotherWriter(_ kind: StoreKind) async throws {
        let (store, other) = try await kind.makeTwo()
        try store.acknowledge(mapping: "m", [AcknowledgedRecord(scope: .customAttributes, key: "k1", fingerprint: 1, payload: "{}")])
        let (inside, after) = try store.readingSnapshot {
            let before = try store.fingerprints(mapping: "m", scope: .customAttributes)
            try other.acknowledge(mapping: "m", [AcknowledgedRecord(scope: .customAttributes, key: "k2", fingerprint: 2, payload: "{}")])
            return (before, try store.fingerprints(mapping: "m", scope: .customAttributes))
        }
        #expect(inside == ["k1": 1] && after == ["k1": 1])
        #expect(try store.fingerprints(mapping: "m", scope: .customAttributes) == ["k1": 1, "k2": 2])
    }
}

extension StoreKind {
    /// Two stores on one state: two connections, as two processes have.
    func makeTwo() async throws -> (any StateStore, any StateStore) {
        let first = try await make()
        switch self {
        case .sqlite: return (first, try SQLiteStateStore(path: first.path))
        case .postgres:
            let server = try await PostgresServer.shared()
            return (first, try PostgresStateStore(PostgresConnectionString(server.login.connectionString), schema: (first as! PostgresStateStore).schema))
        }
    }
}
