import Foundation
import Testing
@testable import SyncCore

@Suite struct ReportTests {
    var plan: Plan {
        var plan = Plan(mapping: "m", source: "c.csv")
        plan.rowsRead = 4
        plan.unchanged = [.customAttributes: 1]
        plan.changes = [
            Change(key: "+12127365000", target: .customAttributes, operation: .create, user: UserIdentity(phone: "+12127365000"),
                   line: 2, request: .customAttributes(properties: "{}"), fields: [],
                   acknowledged: AcknowledgedRecord(scope: .customAttributes, key: "+12127365000", fingerprint: 1,
                                                    payload: #"{"Tier":"Gold \"1\"","VIP":true}"#)),
            Change(key: "a@example.com", target: .customAttributes, operation: .update, user: UserIdentity(email: "a@example.com"),
                   line: 3, request: .customAttributes(properties: "{}"), fields: [FieldChange(name: "LTV", old: .number("1.5"), new: .number("2"))],
                   acknowledged: AcknowledgedRecord(scope: .customAttributes, key: "a@example.com", fingerprint: 2, payload: "{}")),
        ]
        plan.rejected = [RowRejection(line: 5, reason: "phone: empty")]
        plan.duplicates = [DuplicateKey(key: "a@example.com", lines: [1, 3])]
        return plan
    }

    func render(_ format: ReportFormat, of plan: Plan? = nil, result: SendResult? = nil) -> String {
        var out = ""
        format.write(plan ?? self.plan, result: result, to: &out)
        return out
    }

    @Test func jsonIsValidAndComplete() throws {
        var result = SendResult()
        result.acknowledged = 1
        result.failures = [RecordFailure(target: .customAttributes, key: "a@example.com", reason: "400: \"LTV\" is a string")]
        let report = try #require(try JSONSerialization.jsonObject(with: Data(render(.json, result: result).utf8)) as? [String: Any])
        let counts = (report["counts"] as? [String: Any])?["customAttributes"] as? [String: Int]
        #expect(counts == ["create": 1, "update": 1, "delete": 0, "unchanged": 1, "rejected": 1, "pending": 0, "duplicate": 1])
        let changes = try #require(report["changes"] as? [[String: Any]])
        let created = try #require(changes[0]["fields"] as? [[String: Any]])
        #expect(created[0]["name"] as? String == "Tier" && created[0]["new"] as? String == "Gold \"1\"" && created[0]["old"] is NSNull)
        #expect(created[1]["new"] as? Bool == true)
        let updated = try #require(changes[1]["fields"] as? [[String: Any]])
        #expect((updated[0]["old"] as? NSNumber)?.doubleValue == 1.5)
        #expect((report["rejected"] as? [[String: Any]])?.first?["line"] as? Int == 5)
        #expect((report["duplicates"] as? [[String: Any]])?.first?["lines"] as? [Int] == [1, 3])
        let sent = (report["result"] as? [String: Any])?["sent"] as? Int
        #expect(sent == 1)
    }

    /// A create's fields are copied from its recorded JSON as written: they read back as the
    /// values decoded, with escapes, commas, colons and braces inside names and strings.
    @Test func aCreatesFieldsAreItsRecordedValues() throws {
        let values: [String: AttributeValue] = [
            "a,b:{c}": .string("x\\"), "Quote \"q\"": .string("},{\"n\":1"), "LTV": .number("-1.5e3"), "VIP": .boolean(false),
            "ü": .string("line\nbreak\u{1}"), "Empty": .string(""),
        ]
        var created = plan
        created.changes = [Change(key: "k", target: .customAttributes, operation: .create, user: UserIdentity(email: "k"), line: 1,
                                  request: .customAttributes(properties: "{}"), fields: [],
                                  acknowledged: AcknowledgedRecord(scope: .customAttributes, key: "k", fingerprint: 1,
                                                                   payload: AttributeSet.canonicalJSON(values)))]
        let report = try #require(try JSONSerialization.jsonObject(with: Data(render(.json, of: created).utf8)) as? [String: Any])
        let fields = try #require((report["changes"] as? [[String: Any]])?.first?["fields"] as? [[String: Any]])
        let expected = created.changes[0].reportedFields
        #expect(fields.count == values.count && expected.count == values.count)
        for (field, want) in zip(fields, expected) {
            #expect(field["name"] as? String == want.name && field["old"] is NSNull)
            switch want.new {
            case .string(let text)?: #expect(field["new"] as? String == text)
            case .number(let text)?: #expect((field["new"] as? NSNumber)?.doubleValue == Double(text))
            case .boolean(let flag)?: #expect(field["new"] as? Bool == flag)
            case nil: Issue.record("a created field without a value")
            }
        }
    }

    @Test func aJSONReportOfManyPiecesKeepsEveryChangeInOrder() throws {
        var many = plan
        let keys = (0..<3_000).map { "k\($0)@example.com \"é\"\n" }
        many.changes = ChangeSpool(keys.map { key in
            Change(key: key, target: .customAttributes, operation: .update, user: UserIdentity(email: key), line: 7,
                   request: .customAttributes(properties: "{}"), fields: [FieldChange(name: "Tier", old: .string("a\tb"), new: nil)],
                   acknowledged: AcknowledgedRecord(scope: .customAttributes, key: key, fingerprint: 1, payload: "{}"))
        })
        var result = SendResult()
        result.abortReason = "stopped: \"why\""
        result.notes = [ChangeNote(key: "+12127365000", target: .subscriptions, note: "already subscribed")]
        let text = render(.json, of: many, result: result)
        #expect(text.utf8.count > 3 * JSONBuffer.pieceSize)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let changes = try #require(report["changes"] as? [[String: Any]])
        #expect(changes.map { $0["key"] as? String } == keys)
        let field = try #require((changes.last?["fields"] as? [[String: Any]])?.first)
        #expect(field["old"] as? String == "a\tb" && field["new"] is NSNull)
        let sent = try #require(report["result"] as? [String: Any])
        #expect(sent["aborted"] as? String == "stopped: \"why\"" && sent["interrupted"] as? Bool == false)
        #expect((sent["notes"] as? [[String: Any]])?.first?["note"] as? String == "already subscribed")
    }

    @Test func textShowsCountsAndChanges() {
        let text = render(.text)
        #expect(text.contains("customAttributes: 1 create, 1 update, 0 delete, 1 unchanged, 1 rejected"))
        #expect(text.contains("Changes to customAttributes (2)"))
        #expect(text.contains(#"  create +12127365000 (line 2): Tier="Gold \"1\"", VIP=true"#))
        #expect(text.contains("  update a@example.com (line 3): LTV: 1.5 → 2"))
        #expect(text.contains("  1 × phone: empty — line 5"))
        #expect(text.contains("  LTV: 1 key; all 2; change +0.5 each"))
        #expect(!text.contains("\u{1B}["))
    }

    @Test func htmlEscapesValues() {
        let html = render(.html)
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("Gold &quot;1&quot;"))
        #expect(!html.contains("Gold \"1\""))
    }
}
