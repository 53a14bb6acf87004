import Foundation
import Testing
@testable import SyncCore

/// The mapping file read as JSON: strictly, and without rounding numbers.
@Suite struct MappingDocumentTests {
    func load(_ body: String) throws(MappingError) -> Mapping {
        let json = #"{"name": "n", "source": {"csv": {"path": "c.csv"}}, "identity": {"phone": "p", "email": "e"}, "# + body + "}"
        return try MappingLoader.parse(Data(json.utf8), file: "mapping.json", baseDirectory: "")
    }

    func error(_ body: String) -> MappingError? {
        do {
            _ = try load(body)
            return nil
        } catch {
            return error
        }
    }

    @Test func aKeyGivenTwiceIsAnErrorNamingItsPath() {
        #expect(error(#""customAttributes": {"A": "a"}, "onRemoved": {"customAttributes": "ignore"}, "onRemoved": {"customAttributes": "clear"}"#)?
            .description == "mapping.json: onRemoved: duplicate key")
        #expect(error(#""customAttributes": {"Tier": "tier", "VIP": "vip", "Tier": "level"}"#)?.description
                == "mapping.json: customAttributes.Tier: duplicate key")
        #expect(error(#""subscriptions": [{"channel": "TEXT", "type": "MARKETING", "type": "TRANSACTIONAL", "signUpSourceId": "1", "optIn": "s"}]"#)?
            .description == "mapping.json: subscriptions.0.type: duplicate key")
        let catalog = #"{"name": "c", "source": {"csv": {"path": "c.csv"}}, "catalog": {"product": {"id": "a", "id": "b"}}}"#
        #expect(throws: MappingError(file: "c.json", path: "catalog.product.id", reason: "duplicate key")) {
            try MappingLoader.parseAny(Data(catalog.utf8), file: "c.json", baseDirectory: "")
        }
    }

    @Test func textThatIsNotJSONIsNamedWithItsLine() {
        let lines = "{\n  \"name\": \"n\",\n  \"source\" {}\n}"
        #expect(throws: MappingError(file: "m.json", path: "", reason: "not valid JSON at line 3, column 12: expected ':' after a key")) {
            try MappingLoader.parse(Data(lines.utf8), file: "m.json", baseDirectory: "")
        }
        let strict = [
            #""customAttributes": {"A": "a",}"#,
            #""customAttributes": {'A': "a"}"#,
            #""customAttributes": {"A": {"value": 012}}"#,
            #""customAttributes": {"A": {"value": NaN}}"#,
            #""customAttributes": {"A": {"value": "\ud800"}}"#,
            "\"customAttributes\": {\"A\": \"a\u{1}\"}",
            #""customAttributes": {"A": "a"}} {"#,
            #""customAttributes": {"A": "# + String(repeating: "[", count: 100_000),
        ]
        for body in strict {
            #expect(error(body)?.reason.hasPrefix("not valid JSON at line 1, column ") == true, "\(body.prefix(60))")
        }
    }

    @Test func aNumberConstantKeepsEveryDigit() throws {
        let mapping = try load(#""customAttributes": {"Big": {"value": 123456789012345678901234567890123456789}, "Exact": {"value": 12345678901234567.5}}"#)
        #expect(mapping.customAttributes[0].value == ValueReference(origin: .constant("123456789012345678901234567890123456789"), type: .number))
        let record = try RecordBuilder(mapping: mapping, columns: ["p", "e"], sourceName: "c.csv")
            .build(line: 2, fields: ["+14155550100", "a@example.com"]).get()
        #expect(AttributeSet.canonicalJSON(record.attributes) == #"{"Big":123456789012345678901234567890123456789,"Exact":12345678901234567.5}"#)
    }
}
