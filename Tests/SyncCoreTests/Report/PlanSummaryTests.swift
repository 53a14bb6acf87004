import Foundation
import Testing
@testable import SyncCore

@Suite struct PlanSummaryTests {
    func update(_ key: String, _ fields: [FieldChange], target: Target = .customAttributes) -> Change {
        Change(key: key, target: target, operation: .update, user: UserIdentity(email: key), line: 2,
               request: .customAttributes(properties: "{}"), fields: fields,
               acknowledged: AcknowledgedRecord(scope: .customAttributes, key: key, fingerprint: 1, payload: "{}"))
    }

    func create(_ key: String, _ values: [String: AttributeValue]) -> Change {
        Change(key: key, target: .customAttributes, operation: .create, user: UserIdentity(email: key), line: 3,
               request: .customAttributes(properties: "{}"), fields: [],
               acknowledged: AcknowledgedRecord(scope: .customAttributes, key: key, fingerprint: 1, payload: AttributeSet.canonicalJSON(values)))
    }

    @Test func fieldsCountTheirKeysTransitionsAndSpread() throws {
        var plan = Plan(mapping: "m", source: "c.csv")
        var changes: [Change] = []
        for i in 0..<3 { changes.append(update("p\(i)", [FieldChange(name: "Tier", old: .string("Gold"), new: .string("Platinum"))])) }
        for i in 0..<2 { changes.append(update("s\(i)", [FieldChange(name: "Tier", old: .string("Silver"), new: .string("Gold"))])) }
        changes.append(create("new", ["Tier": .string("Bronze"), "LTV": .number("7")]))
        for (i, (old, new)) in [("10", "11"), ("10", "8"), ("1.5", "5.5")].enumerated() {
            changes.append(update("l\(i)", [FieldChange(name: "LTV", old: .number(old), new: .number(new))]))
        }
        changes.append(update("b", [FieldChange(name: "Birthday", old: .string("2000-02-28"), new: .string("2000-03-01T08:00:00Z"))]))
        plan.changes = ChangeSpool(changes)
        plan.rejected = (1...7).map { RowRejection(line: $0, reason: "phone: empty") } + [RowRejection(line: 9, reason: "x", target: .subscriptions)]
        plan.warnings = [RowWarning(line: 4, reason: "email: not a valid address"), RowWarning(line: 8, reason: "phone: not a valid phone number"),
                         RowWarning(line: 11, reason: "email: not a valid address")]
        let summary = PlanSummary(plan)

        #expect(summary.fields.map(\.name) == ["Birthday", "LTV", "Tier"])
        let tier = try #require(summary.fields.first { $0.name == "Tier" })
        #expect(tier.keys == 6 && !tier.approximate && tier.spread == nil && tier.range == nil)
        #expect(tier.transitions == [.init(old: "Gold", new: "Platinum", count: 3), .init(old: "Silver", new: "Gold", count: 2),
                                     .init(old: nil, new: "Bronze", count: 1)])
        let ltv = try #require(summary.fields.first { $0.name == "LTV" })
        #expect(ltv.keys == 4)
        #expect(ltv.spread == PlanSummary.Spread(unit: nil, min: -2, max: 4, total: 3, count: 3))
        #expect(ltv.range == PlanSummary.ValueRange(min: "5.5", max: "11"))
        let birthday = try #require(summary.fields.first { $0.name == "Birthday" })
        #expect(birthday.spread?.unit == "days" && birthday.spread?.min == 2)
        #expect(summary.rejections == [.init(target: nil, reason: "phone: empty", count: 7, firstLines: [1, 2, 3, 4, 5]),
                                       .init(target: .subscriptions, reason: "x", count: 1, firstLines: [9])])
        #expect(summary.warnings == [.init(target: nil, reason: "email: not a valid address", count: 2, firstLines: [4, 11]),
                                     .init(target: nil, reason: "phone: not a valid phone number", count: 1, firstLines: [8])])
    }

    /// A field of one name in two targets is two fields, however their changes alternate; and a
    /// change naming other fields than the one before counts each where it belongs.
    @Test func fieldsAreTalliedByTargetAndNameAsChangesAlternate() throws {
        var plan = Plan(mapping: "m", source: "c.csv")
        let tier = FieldChange(name: "Tier", old: .string("Gold"), new: .string("Platinum"))
        plan.changes = ChangeSpool([
            update("a", [tier]), update("b", [tier], target: .segments), update("c", [tier]),
            create("d", ["Tier": .string("Bronze"), "LTV": .number("7")]), create("e", ["Tier": .string("Bronze"), "LTV": .number("8")]),
            update("f", [FieldChange(name: "LTV", old: .number("1"), new: .number("2"))]), update("g", [tier], target: .segments),
        ])
        let fields = PlanSummary(plan).fields
        #expect(fields.map { "\($0.target.rawValue) \($0.name) \($0.keys)" }
            == ["customAttributes LTV 3", "customAttributes Tier 4", "segments Tier 2"])
        let attributeTier = try #require(fields.first { $0.target == .customAttributes && $0.name == "Tier" })
        #expect(attributeTier.transitions == [.init(old: nil, new: "Bronze", count: 2), .init(old: "Gold", new: "Platinum", count: 2)])
        let segmentTier = try #require(fields.first { $0.target == .segments })
        #expect(segmentTier.transitions == [.init(old: "Gold", new: "Platinum", count: 2)])
    }

    /// Cleared values tie (each once, all to nothing): they are shown by their old text, not in
    /// whatever order a dictionary keeps them, so two runs of one plan report alike.
    @Test func tiedTransitionsAreInTheOrderOfTheirText() throws {
        var plan = Plan(mapping: "m", source: "c.csv")
        let olds = ["Silver", "Bronze", "Gold", "Platinum", "Copper", "Iron", "Amber"]
        plan.changes = ChangeSpool(olds.map { update($0, [FieldChange(name: "Tier", old: .string($0), new: nil)]) })
        let field = try #require(PlanSummary(plan).fields.first)
        #expect(field.transitions.map(\.old) == ["Amber", "Bronze", "Copper", "Gold", "Iron"])
    }

    @Test func pastTheDistinctLimitTransitionsAreMarkedApproximate() throws {
        var plan = Plan(mapping: "m", source: "c.csv")
        let count = FieldTally.distinctLimit + 5
        plan.changes = ChangeSpool((0..<count).map { update("k\($0)", [FieldChange(name: "Note", old: .string("a"), new: .string("n\($0)"))]) })
        let field = try #require(PlanSummary(plan).fields.first)
        #expect(field.keys == count && field.approximate)
        #expect(field.transitions.count == PlanSummary.transitionsShown)
    }

    @Test func datesAreDaysSinceTheEpoch() {
        #expect(FieldTally.dayNumber("1970-01-01") == 0)
        #expect(FieldTally.dayNumber("2000-03-01T00:00:00Z")! - FieldTally.dayNumber("2000-02-28")! == 2)
        #expect(FieldTally.dayNumber("2000-13-01") == nil && FieldTally.dayNumber("20000-01-01") == nil && FieldTally.dayNumber("Gold") == nil)
    }

    /// A plan of 100,000 changes, 1,500 rejected rows and long values: with
    /// `--limit 20` the text report is about 60 lines, none wider than 80 columns.
    @Test func aHundredThousandChangesFitInAboutSixtyLinesOfEightyColumns() throws {
        var plan = Plan(mapping: "m", source: "c.csv")
        let long = String(repeating: "é", count: 300)
        plan.changes = ChangeSpool((0..<100_000).map { i in
            update("customer.\(i)@example.com", [FieldChange(name: "Tier", old: .string(["Gold", "Silver"][i % 2]), new: .string("Platinum")),
                                                 FieldChange(name: "Bio", old: nil, new: .string(long))])
        })
        plan.rejected = (0..<1_500).map { RowRejection(line: $0 + 2, reason: $0 % 3 == 0 ? "phone: empty" : "email: not an email address") }
        plan.duplicates = (0..<40).map { DuplicateKey(key: "d\($0)", lines: [1, 2]) }
        var text = ""
        ReportFormat.text.write(plan, options: ReportOptions(limit: 20), to: &text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count <= 60, "\(lines.count) lines:\n\(text)")
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
        #expect(text.contains("  … and 99,980 more (use --format json for all)"))
        #expect(text.contains("1,000 × email: not an email address — lines 3, 4, 6, 7, 9, …"))
    }

    /// `--limit 0` lists every change, grouped by target in report order however the spool
    /// interleaves them.
    @Test func limitZeroListsEveryChangeOfEachTarget() throws {
        var plan = Plan(mapping: "m", source: "c.csv")
        plan.changes = ChangeSpool((0..<3_000).map { update("k\($0)", [FieldChange(name: "Tier", old: .string("a"), new: .string("b"))],
                                                           target: $0 % 3 == 0 ? .identityLinks : .customAttributes) })
        var text = ""
        ReportFormat.text.write(plan, options: ReportOptions(limit: 0), to: &text)
        let changeLines = text.split(separator: "\n").filter { $0.hasPrefix("  update k") }
        #expect(changeLines.count == 3_000 && !text.contains("more (use --format json"))
        let links = try #require(text.range(of: "Changes to identityLinks (1,000)"))
        #expect(text.range(of: "Changes to customAttributes (2,000)")!.lowerBound < links.lowerBound)
        #expect(text[links.upperBound...].split(separator: "\n").filter { $0.hasPrefix("  update k") }.count == 1_000)
    }

    @Test func htmlListsTheFirstThousandChangesPerTargetAndTextColoursOnlyWhenAsked() {
        var plan = Plan(mapping: "m", source: "c.csv")
        plan.changes = ChangeSpool((0..<1_500).map { update("k\($0)", [FieldChange(name: "Tier", old: .string("a"), new: .string("b"))]) })
        var html = ""
        ReportFormat.html.write(plan, to: &html)
        #expect(html.components(separatedBy: "<td class=\"update\">").count - 1 == 1_000)
        #expect(html.contains("the first 1,000 of 1,500"))
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href="))
        var plain = "", coloured = ""
        ReportFormat.text.write(plan, to: &plain)
        ReportFormat.text.write(plan, options: ReportOptions(colour: true), to: &coloured)
        #expect(!plain.contains("\u{1B}[") && coloured.contains("\u{1B}[33mupdate\u{1B}[0m"))
    }
}

@Suite struct NoteGroupTests {
    @Test func notesOfOneTargetAndWordingAreCountedWithTheirFirstKeys() {
        let notes = (0..<7).map { ChangeNote(key: "k\($0)", target: .subscriptions, note: "NEWLY_CREATED") }
            + [ChangeNote(key: "x", target: .customEvents, note: "stale: 13 h old"), ChangeNote(key: "y", target: .subscriptions, note: "ALREADY_SUBSCRIBED")]
        let groups = NoteGroup.groups(notes)
        #expect(groups == [
            NoteGroup(target: .subscriptions, note: "NEWLY_CREATED", count: 7, firstKeys: ["k0", "k1", "k2", "k3", "k4"]),
            NoteGroup(target: .customEvents, note: "stale: 13 h old", count: 1, firstKeys: ["x"]),
            NoteGroup(target: .subscriptions, note: "ALREADY_SUBSCRIBED", count: 1, firstKeys: ["y"]),
        ])
        #expect(groups[0].parts == ["7 × subscriptions: NEWLY_CREATED", "k0, k1, k2, k3, k4, …"])
        #expect(groups[1].parts == ["1 × customEvents: stale: 13 h old", "x"])
    }
}
