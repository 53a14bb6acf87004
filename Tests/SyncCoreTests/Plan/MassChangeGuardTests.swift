import Testing
@testable import SyncCore

@Suite struct MassChangeGuardTests {
    func change(_ operation: Change.Operation, _ target: Target, _ key: String) -> Change {
        Change(key: key, target: target, operation: operation, user: UserIdentity(phone: key), line: nil,
               request: .customAttributes(properties: "{}"), fields: [],
               acknowledged: AcknowledgedRecord(scope: scope(of: target), key: key, fingerprint: 0, payload: nil))
    }

    func scope(of target: Target) -> Scope {
        let scopes: [Target: Scope] = [.customAttributes: .customAttributes, .subscriptions: .subscription(.text, .marketing),
                                       .identityLinks: .identityLinks, .products: .product]
        return scopes[target]!
    }

    func plan(rows: Int, _ changes: [Change]) -> Plan {
        var plan = Plan(mapping: "crm", source: "customers.csv")
        plan.rowsRead = rows
        plan.changes = ChangeSpool(changes)
        return plan
    }

    func unsubscribes(_ count: Int) -> [Change] { (0..<count).map { change(.unsubscribe, .subscriptions, "k\($0)") } }

    @Test func removalsAboveTenPercentOfTheKnownKeysAreRefused() {
        let findings = MassChangeGuard().check(plan(rows: 900, unsubscribes(101)), known: { [.subscriptions: 1000] }, hasRuns: true, statePath: "s")
        #expect(findings.map(\.kind) == [.removals])
        #expect(findings[0].description.contains("101 unsubscribes of subscriptions"))
        #expect(findings[0].description.contains("10% of the 1000 the state knows: 100"))
        #expect(MassChangeGuard().check(plan(rows: 900, unsubscribes(100)), known: { [.subscriptions: 1000] }, hasRuns: true, statePath: "s").isEmpty)
    }

    @Test func theLimitCanBeACountOrAShare() {
        #expect(MassChangeGuard.RemovalLimit(argument: "250") == .count(250))
        #expect(MassChangeGuard.RemovalLimit(argument: "50%") == .share(0.5))
        #expect(MassChangeGuard.RemovalLimit(argument: "-1") == nil)
        #expect(MassChangeGuard.RemovalLimit(argument: "150%") == nil)
        let counted = MassChangeGuard(maxRemovals: .count(200))
        #expect(counted.check(plan(rows: 900, unsubscribes(200)), known: { [.subscriptions: 1000] }, hasRuns: true, statePath: "s").isEmpty)
    }

    @Test func anEmptySourceWithRemovalsIsAlwaysRefused() {
        let generous = MassChangeGuard(maxRemovals: .share(1))
        let findings = generous.check(plan(rows: 0, [change(.delete, .customAttributes, "k")]),
                                      known: { [.customAttributes: 10] }, hasRuns: true, statePath: "s")
        #expect(findings.map(\.kind) == [.emptySource])
        #expect(findings[0].description.contains("has no rows"))
        // An empty source with nothing to remove is nobody's problem.
        #expect(generous.check(plan(rows: 0, []), known: { [:] }, hasRuns: true, statePath: "s").isEmpty)
    }

    @Test func subscribingOnAStateWithNoRunsIsAFirstRun() {
        let subscribes = plan(rows: 2, [change(.subscribe, .subscriptions, "a"), change(.create, .customAttributes, "a")])
        let findings = MassChangeGuard().check(subscribes, known: { [:] }, hasRuns: false, statePath: "/tmp/new.sqlite")
        #expect(findings.map(\.kind) == [.firstRun])
        #expect(findings[0].description.contains("subscribe 1 person"))
        #expect(findings[0].description.contains("baseline"))
        #expect(findings[0].description.contains("/tmp/new.sqlite"))
        #expect(MassChangeGuard(firstRunAllowed: true).check(subscribes, known: { [:] }, hasRuns: false, statePath: "s").isEmpty)
        #expect(MassChangeGuard().check(subscribes, known: { [:] }, hasRuns: true, statePath: "s").isEmpty)
        // Attributes alone are idempotent: a first run of them is fine.
        #expect(MassChangeGuard().check(plan(rows: 1, [change(.create, .customAttributes, "a")]), known: { [:] }, hasRuns: false, statePath: "s").isEmpty)
    }

    /// Counting the state's keys reads every record: asked for only when something would be removed.
    @Test func theStateIsCountedOnlyForRemovals() {
        var asked = 0
        let count = { () -> [Target: Int] in asked += 1; return [.customAttributes: 10] }
        #expect(MassChangeGuard().check(plan(rows: 5, [change(.update, .customAttributes, "a")]), known: count, hasRuns: true, statePath: "s").isEmpty)
        #expect(asked == 0)
        #expect(MassChangeGuard().check(plan(rows: 5, (0..<2).map { change(.delete, .customAttributes, "k\($0)") }), known: count,
                                        hasRuns: true, statePath: "s").count == 1)
        #expect(asked == 1)
    }
}
