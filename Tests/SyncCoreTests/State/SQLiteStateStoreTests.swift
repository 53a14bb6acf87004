import Foundation
import Testing
@testable import SyncCore

@Suite struct SQLiteStateStoreTests {
    @Test func createsTheFileReadableByItsOwnerOnly() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("nested/state.sqlite")
        _ = try SQLiteStateStore(path: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func acknowledgedRecordsRoundTrip() throws {
        let directory = TemporaryDirectory()
        let store = try SQLiteStateStore(path: directory.path("s.sqlite"))
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
    @Test func manyRowDigestsReadBackAsRecorded() throws {
        let directory = TemporaryDirectory()
        let store = try SQLiteStateStore(path: directory.path("s.sqlite"))
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
    @Test func digestsGoWithTheStateTheyStoodFor() throws {
        let directory = TemporaryDirectory()
        let store = try SQLiteStateStore(path: directory.path("s.sqlite"))
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
    @Test func manyRecordsAndDigestsLandAsIfOneAtATime() throws {
        let directory = TemporaryDirectory()
        let store = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let count = SQLiteGroupedInsert<Int>.groupSize * 10 + 7
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

    /// Each statement is prepared once per connection, and none is left holding a read open
    /// after a call: another connection can checkpoint the whole log.
    @Test func statementsArePreparedOnceAndLeaveNoReadOpen() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("s.sqlite")
        let store = try SQLiteStateStore(path: path)
        try store.acknowledge(mapping: "m", [AcknowledgedRecord(scope: .customAttributes, key: "k", fingerprint: 1, payload: "{}")])
        // Both step a statement once and stop while it still has a row.
        _ = try store.rowDigests(mapping: "m")
        #expect(try store.payloadText(mapping: "m", scope: .customAttributes, key: "k") == "{}")
        let other = try SQLiteDatabase(path: path)
        let checkpoint = try other.prepare("PRAGMA wal_checkpoint(TRUNCATE)")
        #expect(try checkpoint.step())
        #expect(checkpoint.int64(0) == 0, "a reader held the log: the checkpoint was blocked")
        #expect(try other.prepare("PRAGMA wal_checkpoint(TRUNCATE)") === checkpoint)
        other.resetStatements()
    }

    @Test func runsAndFailuresAreKept() throws {
        let directory = TemporaryDirectory()
        let store = try SQLiteStateStore(path: directory.path("s.sqlite"))
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
}
