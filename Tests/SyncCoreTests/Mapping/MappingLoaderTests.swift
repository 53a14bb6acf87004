import Foundation
import Testing
@testable import SyncCore

@Suite struct MappingLoaderTests {
    func load(_ json: String) throws(MappingError) -> Mapping {
        try MappingLoader.parse(Data(json.utf8), file: "m.json", baseDirectory: "/maps")
    }

    func error(_ json: String) -> MappingError? {
        do {
            _ = try load(json)
            return nil
        } catch {
            return error
        }
    }

    let valid = """
        {"name": "daily", "source": {"csv": {"path": "../c.csv", "delimiter": ";"}},
         "identity": {"phone": {"column": "phone", "defaultRegion": "GB"}, "email": "email"},
         "customAttributes": {"Tier": "tier", "VIP": {"column": "vip", "type": "boolean"},
                              "Source": {"value": "warehouse"}, "Score": {"value": 3},
                              "Birthday": {"column": "bday", "type": "date", "format": "MM/dd/yyyy", "default": "01/01/1970"}},
         "onRemoved": {"customAttributes": "clear"}}
        """

    @Test func loadsEveryPart() throws {
        let mapping = try load(valid)
        #expect(mapping.name == "daily")
        #expect(mapping.source == .csv(CSVSourceConfiguration(path: "/maps/../c.csv", delimiter: UInt8(ascii: ";"))))
        #expect(mapping.identity == IdentityMapping(phone: PhoneColumn(column: "phone", defaultRegion: "GB"), email: "email", primary: .phone))
        #expect(mapping.customAttributes.map(\.name) == ["Birthday", "Score", "Source", "Tier", "VIP"])
        #expect(mapping.customAttributes[1].value == ValueReference(origin: .constant("3"), type: .number))
        #expect(mapping.customAttributes[4].value == ValueReference(origin: .column("vip"), type: .boolean))
        #expect(mapping.onRemoved.customAttributes == .clear)
        #expect(mapping.referencedColumns == ["phone", "email", "bday", "tier", "vip"])
    }

    @Test func primaryDefaultsToEmailWithoutPhone() throws {
        let mapping = try load(#"{"name": "n", "source": {"csv": {"path": "/c.csv"}}, "identity": {"email": "e"}, "customAttributes": {"A": "a"}}"#)
        #expect(mapping.identity.primary == .email)
        #expect(mapping.source == .csv(CSVSourceConfiguration(path: "/c.csv")))
    }

    @Test func unknownKeysAreRejectedWithTheirPath() {
        #expect(error(valid.replacingOccurrences(of: "\"delimiter\"", with: "\"delimter\""))?.path == "source.csv.delimter")
        #expect(error(valid.replacingOccurrences(of: "\"type\": \"boolean\"", with: "\"type\": \"boolean\", \"colour\": 1"))?.path == "customAttributes.VIP.colour")
        #expect(error(valid.replacingOccurrences(of: "\"onRemoved\"", with: "\"onRemove\""))?.path == "onRemove")
    }

    @Test func meaningIsChecked() {
        let cases: [(String, String, String)] = [
            ("\"type\": \"boolean\"", "\"type\": \"bool\"", "customAttributes.VIP.type"),
            ("\"defaultRegion\": \"GB\"", "\"defaultRegion\": \"XX\"", "identity.phone.defaultRegion"),
            ("\"default\": \"01/01/1970\"", "\"default\": \"1970-13-01\"", "customAttributes.Birthday.default"),
            ("{\"value\": 3}", "{\"value\": 3, \"column\": \"s\"}", "customAttributes.Score"),
            ("{\"value\": 3}", "{\"value\": 3, \"type\": \"boolean\"}", "customAttributes.Score.value"),
            ("\"delimiter\": \";\"", "\"delimiter\": \";;\"", "source.csv.delimiter"),
            ("\"name\": \"daily\"", "\"name\": \"\"", "name"),
            ("\"email\": \"email\"}", "\"email\": \"email\", \"primary\": \"fax\"}", "identity.primary"),
        ]
        for (from, to, path) in cases {
            let text = valid.replacingOccurrences(of: from, with: to)
            #expect(text != valid, "\(from) not found")
            #expect(error(text)?.path == path, "\(to)")
        }
    }

    @Test func missingPartsAndUnsupportedTargetsAreNamed() {
        #expect(error(#"{"name": "n", "source": {"csv": {"path": "c"}}, "identity": {}, "customAttributes": {"A": "a"}}"#)?.path == "identity")
        #expect(error(#"{"name": "n", "source": {"csv": {}}, "identity": {"email": "e"}, "customAttributes": {"A": "a"}}"#)?.path == "source.csv")
        let catalog = error(#"{"name": "n", "source": {"csv": {"path": "c"}}, "identity": {"email": "e"}, "customAttributes": {"A": "a"}, "catalog": {}}"#)
        #expect(catalog?.path == "catalog")
        #expect(error("{not json")?.reason.hasPrefix("not valid JSON") == true)
        #expect(error(#"{"name": "n", "source": {"csv": {"path": "c"}}, "identity": {"email": "e"}, "customAttributes": {"Long": {"column": "c", "type": "string", "format": "yyyy"}}}"#)?.path == "customAttributes.Long.format")
    }

    @Test func errorDescriptionNamesFileAndPath() {
        #expect(MappingError(file: "m.json", path: "a.b", reason: "bad").description == "m.json: a.b: bad")
    }

    @Test func shippedMappingsLoad() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let mapping = try MappingLoader.load(path: root.appendingPathComponent("mappings/customers-attributes.json").path)
        #expect(mapping.name == "customers-attributes")
        #expect(mapping.customAttributes.count == 8)
        let subscriptions = try MappingLoader.load(path: root.appendingPathComponent("mappings/customers-subscriptions.json").path)
        #expect(subscriptions.subscriptions.count == 2)
        #expect(subscriptions.identityLinks?.links.count == 3)
    }
}

@Suite struct MappingLoaderTargetTests {
    func load(_ body: String) throws(MappingError) -> Mapping {
        let json = #"{"name": "n", "source": {"csv": {"path": "c.csv"}}, "identity": {"phone": "p", "email": "e"}, "# + body + "}"
        return try MappingLoader.parse(Data(json.utf8), file: "m.json", baseDirectory: "")
    }

    func path(_ body: String) -> String? {
        do {
            _ = try load(body)
            return nil
        } catch {
            return error.path
        }
    }

    @Test func subscriptionsAndIdentityLinksLoad() throws {
        let mapping = try load("""
            "subscriptions": [{"channel": "TEXT", "type": "MARKETING", "signUpSourceId": "1", "optIn": "sms", "unsubscribeUnknown": true},
                              {"channel": "EMAIL", "type": "TRANSACTIONAL", "signUpSourceId": "2", "optIn": {"column": "em", "type": "boolean"}}],
            "identityLinks": {"clientUserId": "id", "customIdentifiers": {"loyaltyId": "loyalty"}},
            "onRemoved": {"subscriptions": "unsubscribe"}
            """)
        #expect(mapping.subscriptions.map(\.scope) == [.subscription(.text, .marketing), .subscription(.email, .transactional)])
        #expect(mapping.subscriptions[0].optIn.type == .boolean && mapping.subscriptions[0].unsubscribeUnknown)
        #expect(mapping.identityLinks?.links.map(\.name) == ["clientUserId", "customIdentifiers.loyaltyId"])
        #expect(mapping.onRemoved.subscriptions == .unsubscribe)
        #expect(mapping.referencedColumns == ["p", "e", "sms", "em", "id", "loyalty"])
    }

    @Test func mistakesAreNamedByPath() {
        #expect(path(#""subscriptions": [{"channel": "SMS", "type": "MARKETING", "signUpSourceId": "1", "optIn": "s"}]"#) == "subscriptions.0.channel")
        #expect(path(#""subscriptions": [{"channel": "TEXT", "type": "MARKETING", "optIn": "s"}]"#) == "subscriptions.0")
        #expect(path(#""subscriptions": [{"channel": "TEXT", "type": "MARKETING", "signUpSourceId": "1", "optIn": {"column": "s", "type": "date"}}]"#) == "subscriptions.0.optIn.type")
        #expect(path(#""subscriptions": [{"channel": "TEXT", "type": "MARKETING", "signUpSourceId": "1", "optIn": "s"}, {"channel": "TEXT", "type": "MARKETING", "signUpSourceId": "2", "optIn": "t"}]"#) == "subscriptions.1")
        #expect(path(#""identityLinks": {"facebookId": "f"}"#) == "identityLinks.facebookId")
        #expect(path(#""identityLinks": {}"#) == "identityLinks")
        #expect(path(#""customAttributes": {"A": "a"}, "onRemoved": {"subscriptions": "delete"}"#) == "onRemoved.subscriptions")
        #expect(path(#""onRemoved": {}"#) == "")
    }
}
