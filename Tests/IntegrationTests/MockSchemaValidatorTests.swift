import AttentiveMock
import Testing

@Suite("attentive-mock: schema validation")
struct MockSchemaValidatorTests {
    let document: OpenAPIDocument

    init() throws {
        document = try OpenAPIDocument.bundled()
    }

    private func violations(_ value: JSONValue, _ schema: JSONValue) -> [String] {
        document.validator.violations(of: value, against: schema).map(\.description)
    }

    @Test func routesComeFromTheDocument() throws {
        let (operation, parameters) = try #require(document.operation(method: "GET", path: "/product-catalog/uploads/abc%201"))
        #expect(operation.operationID == "lookupUpload")
        #expect(parameters == ["uploadId": "abc 1"])
        let attributes = try #require(document.operation(method: "POST", path: "/attributes/custom")?.0)
        #expect(attributes.requestBodyRequired)
        #expect(attributes.requestBodySchema == ["$ref": "#/components/schemas/CustomAttributesRequest"])
        #expect(document.operation(method: "GET", path: "/product-catalog/uploads")?.0.operationID == "getUploads")
        #expect(document.operation(method: "PUT", path: "/me") == nil)
    }

    @Test func requestBodiesOfTheDocument() {
        let unsubscribe: JSONValue = ["$ref": "#/components/schemas/UnsubscribeSubscriptionsRequestDto"]
        #expect(violations(["user": ["email": "a@b.c"], "subscriptions": [["type": "MARKETING", "channel": "TEXT"]]], unsubscribe) == [])
        #expect(violations(["user": ["email": "a@b.c"], "subscriptions": [["type": "PROMO", "channel": "TEXT"]]], unsubscribe)
            == ["$.subscriptions[0].type: must be one of MARKETING, TRANSACTIONAL, CHECKOUT_ABANDONED"])
        let identify: JSONValue = ["$ref": "#/components/schemas/IdentifyRequestDto"]
        #expect(violations(["phone": "+13115552368", "customIdentifiers": [["name": "crm"]]], identify)
            == ["$.customIdentifiers[0].value: is required"])
        let subscribe: JSONValue = ["$ref": "#/components/schemas/AddSubscriptionsRequestDto"]
        #expect(violations(["user": ["phone": "+13115552368"]], subscribe) == ["$.signUpSourceId: is required"])
    }

    @Test func reportsEveryViolationInAStableOrder() {
        let schema: JSONValue = ["$ref": "#/components/schemas/CustomAttributesRequest"]
        #expect(violations(["user": ["zip": "1", "age": 3]], schema) == [
            "$.properties: is required",
            "$.user.age: is not an allowed property (allowed: email, externalIdentifiers, phone)",
            "$.user.zip: is not an allowed property (allowed: email, externalIdentifiers, phone)",
        ])
        #expect(violations("text", schema) == ["$: expected object, got string"])
    }

    @Test func keywordsBeyondTheDocument() {
        let schema: JSONValue = [
            "type": "object",
            "properties": [
                "name": ["type": "string", "minLength": 1, "maxLength": 3, "pattern": "^[a-z]+$"],
                "count": ["type": "integer", "minimum": 0, "maximum": 9],
                "tags": ["type": "array", "maxItems": 2, "uniqueItems": true, "items": ["type": "string"]],
                "when": ["type": "string", "format": "date-time"],
                "either": ["oneOf": [["type": "string"], ["type": "number"]]],
                "maybe": ["type": "string", "nullable": true],
            ],
            "additionalProperties": ["type": "boolean"],
        ]
        #expect(violations(["name": "abc", "count": 3, "tags": ["x"], "when": "2024-05-01T10:00:00Z", "either": 1, "maybe": .null, "extra": true], schema) == [])
        #expect(violations(["name": "ABCD", "count": 2.5, "tags": ["x", "x", "y"], "when": "yesterday", "either": true, "extra": 1], schema) == [
            "$.count: expected integer, got number",
            "$.either: must match exactly one allowed shape (oneOf), matches 0",
            "$.extra: expected boolean, got number",
            "$.name: must be at most 3 characters",
            "$.name: must match ^[a-z]+$",
            "$.tags: must have at most 2 items",
            "$.tags: items must be unique",
            "$.when: is not a valid date-time",
        ])
    }

    @Test func phonesInE164() {
        #expect(UserRules.isE164("+13115552368"))
        #expect(UserRules.isE164("+4420712345"))
        #expect(!UserRules.isE164("13115552368"))
        #expect(!UserRules.isE164("+03115552368"))
        #expect(!UserRules.isE164("+1311555236812345"))
        #expect(!UserRules.isE164("+1 311 555"))
        #expect(!UserRules.isE164("+123456"))
    }
}
