import Testing
@testable import SyncCore

/// Rows whose cells the state knows are skipped: counted unchanged, never normalized. Every
/// outcome matches the full path's.
@Suite struct RowDigestPlannerTests {
    let directory = TemporaryDirectory()

    func mapping(_ rows: String, tierType: ValueType = .string, onRemoved: RemovalPolicy = .init()) -> Mapping {
        Mapping(
            name: "digests",
            source: .csv(CSVSourceConfiguration(path: directory.write("c.csv", "phone,tier,sms\n" + rows))),
            identity: IdentityMapping(phone: PhoneColumn(column: "phone"), email: nil),
            customAttributes: [AttributeMapping(name: "Tier", value: ValueReference(origin: .column("tier"), type: tierType))],
            subscriptions: [SubscriptionMapping(channel: .text, type: .marketing, signUpSourceId: "7",
                                                optIn: ValueReference(origin: .column("sms"), type: .boolean))],
            onRemoved: onRemoved)
    }

    func plan(_ mapping: Mapping, state: any StateStore, full: Bool = false) throws -> Plan {
        try Planner(mapping: mapping, state: state).plan(source: SourceOpener.open(mapping.source), full: full)
    }

    /// What `baseline` records.
    func baseline(_ plan: Plan, in state: any StateStore) throws {
        try state.acknowledge(mapping: "digests", plan.changes.map(\.acknowledged) + plan.refreshed)
        try state.recordDigests(mapping: "digests", plan.settledRows)
        try state.recordRejections(mapping: "digests", plan.rejectedRows)
    }

    let day0 = "2127365000,1,yes\n2127365001,2,\n2127365002,3,no\n"

    @Test func unchangedRowsAreSkippedAndCountedAsTheFullPathCountsThem() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        try baseline(plan(mapping(day0), state: state), in: state)
        let day1 = "2127365000,1,yes\n2127365001,2,\n2127365002,4,no\n"
        let skipping = try plan(mapping(day1), state: state)
        #expect(skipping.rowsSkipped == 2)
        #expect(skipping.changes.map { "\($0.operation) \($0.key)" } == ["update +12127365002"])

        // The same plan without digests: the same counts.
        let plain = try SQLiteStateStore(path: directory.path("plain.sqlite"))
        try plain.acknowledge(mapping: "digests", plan(mapping(day0), state: plain).changes.map(\.acknowledged))
        let full = try plan(mapping(day1), state: plain)
        #expect(full.rowsSkipped == 0)
        for target in [Target.customAttributes, .subscriptions] {
            #expect(skipping.counts(for: target) == full.counts(for: target), "\(target)")
        }
        #expect(Array(skipping.changes) == Array(full.changes))
    }

    /// With most rows skipped, the state is read key by key (fingerprint and payload at once)
    /// rather than every key's fingerprint first: the plan is the one the plain path makes.
    @Test func aFewRowsBuiltAreDiffedKeyByKeyAsTheFullPathDiffsThem() throws {
        let linked = { (rows: String) in
            var mapping = self.mapping(rows)
            mapping.identityLinks = IdentityLinksMapping(links: [.init(name: "clientUserId", value: ValueReference(origin: .column("tier")))])
            return mapping
        }
        let day0 = (0..<40).map { "21273650\(10 + $0),\($0),yes\n" }.joined()
        // Two rows changed (their links too), one new: 3 built rows of 41, a lookup per key.
        let day1 = day0.replacingOccurrences(of: "2127365011,1,", with: "2127365011,x,")
            .replacingOccurrences(of: "2127365030,20,", with: "2127365030,y,") + "2127365099,z,no\n"
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        try baseline(plan(linked(day0), state: state), in: state)
        let skipping = try plan(linked(day1), state: state)
        #expect(skipping.rowsSkipped == 38)
        let plain = try SQLiteStateStore(path: directory.path("plain.sqlite"))
        try plain.acknowledge(mapping: "digests", plan(linked(day0), state: plain).changes.map(\.acknowledged))
        let full = try plan(linked(day1), state: plain)
        #expect(full.rowsSkipped == 0)
        #expect(skipping.changes.map { "\($0.target) \($0.operation) \($0.key) \($0.fields.map(\.name))" } == [
            "customAttributes update +12127365011 [\"Tier\"]", "customAttributes update +12127365030 [\"Tier\"]",
            "customAttributes create +12127365099 []",
            "identityLinks update +12127365011 [\"clientUserId\"]", "identityLinks update +12127365030 [\"clientUserId\"]",
            "identityLinks create +12127365099 []",
        ])
        #expect(Array(skipping.changes) == Array(full.changes))
        for target in [Target.customAttributes, .identityLinks, .subscriptions] {
            #expect(skipping.counts(for: target) == full.counts(for: target), "\(target)")
        }
    }

    @Test func aChangedTypeOrMappingRecomputesEveryRow() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        try baseline(plan(mapping(day0), state: state), in: state)
        #expect(try plan(mapping(day0), state: state).rowsSkipped == 3)
        #expect(try plan(mapping(day0, tierType: .number), state: state).rowsSkipped == 0)
        #expect(try plan(mapping(day0, onRemoved: RemovalPolicy(customAttributes: .clear)), state: state).rowsSkipped == 0)
        #expect(try plan(mapping(day0), state: state, full: true).rowsSkipped == 0)
    }

    @Test func aChangedSeedNeverMatchesAnOldDigest() throws {
        let old = RowDigester(mapping: mapping(day0), columns: ["phone", "tier", "sms"])
        let typed = RowDigester(mapping: mapping(day0, tierType: .number), columns: ["phone", "tier", "sms"])
        let cells = ["2127365000", "1", "yes"]
        #expect(old.digest(cells) == old.digest(cells))
        #expect(old.digest(cells) != typed.digest(cells))
        // Length prefixes keep cells apart: ("1", "2yes") is not ("12", "yes").
        #expect(old.digest(["2127365000", "1", "2yes"]) != old.digest(["2127365000", "12", "yes"]))
    }

    @Test func removalsDuplicatesAndTheLastRowStillHold() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let policy = RemovalPolicy(customAttributes: .clear, subscriptions: .unsubscribe)
        try baseline(plan(mapping(day0, onRemoved: policy), state: state), in: state)
        // Key 0 twice: a changed row, then its unchanged row last (which wins). Key 2 left.
        let day1 = "2127365000,9,yes\n2127365001,2,\n2127365000,1,yes\n"
        let plan = try plan(mapping(day1, onRemoved: policy), state: state)
        #expect(plan.rowsSkipped == 2)
        #expect(plan.duplicates == [DuplicateKey(key: "+12127365000", lines: [2, 4])])
        #expect(plan.changes.map { "\($0.operation) \($0.key)" } == ["delete +12127365002"])
        #expect(plan.counts(for: .customAttributes).unchanged == 2)
    }

    @Test func aRejectedOrDeferredKeyIsNeverSettled() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let plan = try plan(mapping("2127365000,1,maybe\n2127365001,2,yes\n"), state: state)
        #expect(plan.settledRows.map(\.key) == ["+12127365001"])
        try baseline(plan, in: state)
        #expect(try self.plan(mapping("2127365000,1,maybe\n2127365001,2,yes\n"), state: state).rejected.count == 1)
    }

    @Test func acknowledgingAKeyForgetsItsDigest() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        try baseline(plan(mapping(day0), state: state), in: state)
        try state.acknowledge(mapping: "digests", [AcknowledgedRecord(scope: .subscription(.text, .marketing), key: "+12127365000",
                                                                      fingerprint: 0, payload: nil)])
        let again = try plan(mapping(day0), state: state)
        #expect(again.rowsSkipped == 2)
        #expect(again.changes.map { "\($0.operation) \($0.key)" } == ["subscribe +12127365000"])
    }

    /// Plans `day1` against `day0` baselined twice, with digests and without: the two plans
    /// must agree in everything but what was skipped. Returns the plan with digests.
    func expectSameAsFullPath(_ day0: String, _ day1: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Plan {
        let state = try SQLiteStateStore(path: directory.path("digests-\(UInt64.random(in: 0...UInt64.max)).sqlite"))
        try baseline(plan(mapping(day0), state: state), in: state)
        let plain = try SQLiteStateStore(path: directory.path("plain-\(UInt64.random(in: 0...UInt64.max)).sqlite"))
        try plain.acknowledge(mapping: "digests", plan(mapping(day0), state: plain).changes.map(\.acknowledged))
        let skipping = try plan(mapping(day1), state: state)
        let full = try plan(mapping(day1), state: plain)
        #expect(full.rowsSkipped == 0, sourceLocation: sourceLocation)
        #expect(Array(skipping.changes) == Array(full.changes), sourceLocation: sourceLocation)
        #expect(skipping.duplicates == full.duplicates, sourceLocation: sourceLocation)
        #expect(skipping.rejected == full.rejected, sourceLocation: sourceLocation)
        #expect(skipping.rowsRead == full.rowsRead, sourceLocation: sourceLocation)
        #expect(skipping.warnings == full.warnings, sourceLocation: sourceLocation)
        for target in [Target.customAttributes, .subscriptions] {
            #expect(skipping.counts(for: target) == full.counts(for: target), "\(target)", sourceLocation: sourceLocation)
        }
        return skipping
    }

    /// Key 0 three times: its last row (tier 1) wins; the two before it were superseded.
    let duplicated = "2127365000,9,yes\n2127365001,2,\n2127365000,8,yes\n2127365000,1,yes\n"

    @Test func everyRowOfADuplicatedKeyIsSkippedOnceSettled() throws {
        let plan = try expectSameAsFullPath(duplicated, duplicated)
        #expect(plan.rowsSkipped == 4)
        #expect(plan.changes.isEmpty)
        #expect(plan.duplicates == [DuplicateKey(key: "+12127365000", lines: [2, 4, 5])])
    }

    @Test func aPlanOnlyReportedSettlesNothingAndPlansTheSame() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        try baseline(plan(mapping(duplicated), state: state), in: state)
        let day1 = "2127365000,9,yes\n2127365001,3,\n2127365000,8,yes\n2127365003,1,no\n"
        let settling = try Planner(mapping: mapping(day1), state: state).plan(source: SourceOpener.open(mapping(day1).source))
        let reported = try Planner(mapping: mapping(day1), state: state).plan(source: SourceOpener.open(mapping(day1).source), settling: false)
        #expect(!settling.settledRows.isEmpty)
        #expect(reported.settledRows.isEmpty)
        #expect(Array(reported.changes) == Array(settling.changes))
        #expect(reported.duplicates == settling.duplicates)
        #expect(reported.rejected == settling.rejected)
        #expect(reported.rowsSkipped == settling.rowsSkipped)
        for target in [Target.customAttributes, .subscriptions] {
            #expect(reported.counts(for: target) == settling.counts(for: target), "\(target)")
        }
    }

    @Test func aSupersededRowIsBuiltWhenItBecomesItsKeysLastRow() throws {
        // The winning row left: the row before it wins now.
        let winnerGone = try expectSameAsFullPath(duplicated, "2127365000,9,yes\n2127365001,2,\n2127365000,8,yes\n")
        #expect(winnerGone.rowsSkipped == 2)
        #expect(winnerGone.changes.map { "\($0.operation) \($0.key)" } == ["update +12127365000"])
        #expect(winnerGone.changes.first?.fields.map(\.new) == [.string("8")])
        // The rows swapped places: the winner is superseded by a superseded row.
        let swapped = try expectSameAsFullPath(duplicated, "2127365000,1,yes\n2127365001,2,\n2127365000,9,yes\n")
        #expect(swapped.rowsSkipped == 2)
        #expect(swapped.changes.first?.fields.map(\.new) == [.string("9")])
        // Only a rejected row follows the superseded one: the superseded row is the last usable one.
        let rejectedAfter = try expectSameAsFullPath(duplicated, "2127365000,9,yes\n2127365001,2,\n2127365000,1,maybe\n")
        #expect(rejectedAfter.rejected.count == 1)
        #expect(rejectedAfter.changes.first?.fields.map(\.new) == [.string("9")])
    }

    @Test func aNewSupersededRowOfASkippedKeyIsRecorded() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        try baseline(plan(mapping(day0), state: state), in: state)
        // A new row of key 0 before its unchanged last row.
        let day1 = "2127365000,7,yes\n" + day0
        let first = try plan(mapping(day1), state: state)
        #expect(first.rowsSkipped == 3)
        #expect(first.settledRows.map(\.key) == ["+12127365000"])
        try state.recordDigests(mapping: "digests", first.unchangedSettledRows)
        #expect(try plan(mapping(day1), state: state).rowsSkipped == 4)
        #expect(try state.rowDigests(mapping: "digests").all.values.count { $0.key == "+12127365000" } == 2)
    }

    @Test func aSkippedRowALaterRowSupersedesIsRecordedAsSuperseded() throws {
        // Key 0's unchanged row, then a changed row of it further down.
        let plan = try expectSameAsFullPath(day0, day0 + "2127365000,5,yes\n")
        #expect(plan.rowsSkipped == 3)
        #expect(plan.changes.map { "\($0.operation) \($0.key)" } == ["update +12127365000"])
        let winner = RowDigester(mapping: mapping(day0), columns: ["phone", "tier", "sms"]).digest(["2127365000", "1", "yes"])
        #expect(plan.settledRows.first { $0.key == "+12127365000" }?.superseded == [winner])
    }

    @Test func changesKeepTheOrderOfTheirKeysFirstRowsWhateverWasSkipped() throws {
        // Key 0's first row is held back unbuilt; key 1 changes before key 0's last row does.
        let day0 = "2127365000,9,yes\n2127365001,2,\n2127365000,1,yes\n"
        let plan = try expectSameAsFullPath(day0, "2127365000,9,yes\n2127365001,3,\n2127365000,5,yes\n")
        #expect(plan.changes.map(\.key) == ["+12127365000", "+12127365001"])
    }

    @Test func identicalRowsOfAKeyAreAllSkipped() throws {
        let twice = "2127365000,1,yes\n2127365000,1,yes\n2127365001,2,\n"
        let plan = try expectSameAsFullPath(twice, twice)
        #expect(plan.rowsSkipped == 3)
        #expect(plan.duplicates == [DuplicateKey(key: "+12127365000", lines: [2, 3])])
    }

    @Test func recordingAKeyReplacesItsDigests() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let a = RowDigest(high: 1, low: 1), b = RowDigest(high: 2, low: 2), c = RowDigest(high: 3, low: 3)
        try state.recordDigests(mapping: "m", [SettledRow(key: "k", digest: a, counted: 1, superseded: [b, a])])
        #expect(try state.rowDigests(mapping: "m").all == [a: .init(key: "k", counted: 1), b: .init(key: "k", counted: nil)])
        try state.recordDigests(mapping: "m", [SettledRow(key: "k", digest: c, counted: 3)])
        #expect(try state.rowDigests(mapping: "m").all == [c: .init(key: "k", counted: 3)])
    }

    @Test func aRejectedRowIsRejectedAgainWithoutBeingBuiltUntilItsCellsChange() throws {
        // Key 3 rejected for a value (its key stays in the source), then a phone that is no number.
        let rejecting = day0 + "2127365003,1,maybe\n12,2,yes\n"
        let again = try expectSameAsFullPath(rejecting, rejecting)
        #expect(again.rowsSkipped == 5)
        #expect(again.rejected == [RowRejection(line: 5, reason: "TEXT MARKETING opt-in (column sms): not a boolean (expected true/false, yes/no, y/n or 1/0)", key: "+12127365003"),
                                   RowRejection(line: 6, reason: "phone: not a valid phone number")])
        #expect(again.rejectedRows.count == 2)
        // Fixed, the row is built and sent; the other stays rejected.
        let fixed = try expectSameAsFullPath(rejecting, day0 + "2127365003,1,yes\n12,2,yes\n")
        #expect(fixed.rowsSkipped == 4)
        #expect(fixed.changes.map { "\($0.operation) \($0.key)" } == ["create +12127365003", "subscribe +12127365003"])
        #expect(fixed.rejected.map(\.line) == [6])
    }

    @Test func aKeyRejectedAgainIsNotRemoved() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let policy = RemovalPolicy(customAttributes: .clear, subscriptions: .unsubscribe)
        try baseline(plan(mapping(day0, onRemoved: policy), state: state), in: state)
        let day1 = "2127365000,1,yes\n2127365001,2,\n2127365002,3,maybe\n"
        try baseline(plan(mapping(day1, onRemoved: policy), state: state), in: state)
        let again = try plan(mapping(day1, onRemoved: policy), state: state)
        #expect(again.rowsSkipped == 3)
        #expect(again.rejected.map(\.key) == ["+12127365002"])
        #expect(again.changes.isEmpty)
    }

    @Test func rowsWithWarningsAreSkippedAndStillCounted() throws {
        func warning(_ rows: String) -> Mapping {
            Mapping(name: "digests",
                    source: .csv(CSVSourceConfiguration(path: directory.write("w.csv", "phone,email,tier\n" + rows))),
                    identity: IdentityMapping(phone: PhoneColumn(column: "phone"), email: "email"),
                    customAttributes: [AttributeMapping(name: "Tier", value: ValueReference(origin: .column("tier")))])
        }
        // Key 0's warned row is superseded by its last row; key 1's warned row wins.
        let rows = "2127365000,not-an-email,1\n2127365001,also-not,2\n2127365000,a@example.com,1\n"
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let first = try plan(warning(rows), state: state)
        let warnings = [RowWarning(line: 2, reason: "email: not a valid address"), RowWarning(line: 3, reason: "email: not a valid address")]
        #expect(first.warnings == warnings)
        try baseline(first, in: state)
        let again = try plan(warning(rows), state: state)
        #expect(again.rowsSkipped == 3)
        // Skipped rows are not built, but their warnings are worked out again from their cells.
        #expect(again.warnings == warnings)
        #expect(again.changes.isEmpty)
        #expect(try state.rowDigests(mapping: "digests").all.values.filter(\.warned).map(\.key).sorted() == ["+12127365000", "+12127365001"])
    }
}
