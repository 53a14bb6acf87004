import Foundation
import Testing
@testable import SyncCore

/// Names and ids that key state or reach Attentive must be visible, and target blocks must map something.
@Suite struct MappingNameTests {
    func error(name: String = "n", _ body: String) -> MappingError? {
        let json = #"{"name": \#(JSONText.quoted(name)), "source": {"csv": {"path": "c.csv"}}, "identity": {"phone": "p", "email": "e"}, "#
            + body + "}"
        do {
            _ = try MappingLoader.parse(Data(json.utf8), file: "m.json", baseDirectory: "")
            return nil
        } catch {
            return error
        }
    }

    let attributes = #""customAttributes": {"A": "a"}"#

    func subscription(signUpSourceId: String) -> String {
        #""subscriptions": [{"channel": "TEXT", "type": "MARKETING", "signUpSourceId": \#(JSONText.quoted(signUpSourceId)), "optIn": "s"}]"#
    }

    @Test func aBlankNameIsRefused() {
        for name in ["", " ", "\t \u{A0}"] {
            #expect(error(name: name, attributes) == MappingError(file: "m.json", path: "name", reason: "must not be blank"), "\(Array(name.unicodeScalars))")
        }
    }

    @Test func aNameWithControlOrFormCharactersIsRefused() {
        #expect(error(name: "daily\u{0}", attributes)?.description == "m.json: name: must not hold control or format characters (U+0000)")
        #expect(error(name: "dai\u{1B}[2Jly", attributes)?.reason == "must not hold control or format characters (U+001B)")
        #expect(error(name: "dai\u{200B}ly", attributes)?.reason == "must not hold control or format characters (U+200B)")
        #expect(error(name: "daily\u{202E}", attributes)?.reason == "must not hold control or format characters (U+202E)")
    }

    @Test func anAttributeNameWithControlCharactersIsRefusedAndShownEscaped() {
        #expect(error(#""customAttributes": {"Ti\u0000er": "tier"}"#)?.description
                == #"m.json: customAttributes.Ti\u0000er: the name must not hold control or format characters (U+0000)"#)
        #expect(error(#""customAttributes": {"Tier\n": "tier"}"#)?.path == #"customAttributes.Tier\u000A"#)
        #expect(error(#""customAttributes": {" ": "tier"}"#)?.reason == "the name must not be blank")
        #expect(error(#""identityLinks": {"clientUserId": "id", "customIdentifiers": {"\u001B": "x"}}"#)?.path
                == #"identityLinks.customIdentifiers.\u001B"#)
    }

    @Test func aBlankSignUpSourceIdIsRefused() {
        for id in ["", "  "] {
            #expect(error(subscription(signUpSourceId: id))
                    == MappingError(file: "m.json", path: "subscriptions.0.signUpSourceId", reason: "must not be blank"))
        }
        #expect(error(subscription(signUpSourceId: "12\u{0}"))?.reason == "must not hold control or format characters (U+0000)")
    }

    @Test func anEmptyTargetBlockIsRefused() {
        let cases: [(String, String, String)] = [
            (#""customAttributes": {}"#, "customAttributes", "is empty: map at least one attribute or remove the key"),
            (#""subscriptions": []"#, "subscriptions", "is empty: map at least one subscription or remove the key"),
            (#""identityLinks": {}"#, "identityLinks", "is empty: map at least one identifier or remove the key"),
            (#""identityLinks": {"clientUserId": "id", "customIdentifiers": {}}"#, "identityLinks.customIdentifiers",
             "is empty: map at least one custom identifier or remove the key"),
        ]
        for (body, path, reason) in cases {
            #expect(error(body) == MappingError(file: "m.json", path: path, reason: reason), "\(body)")
        }
    }
}
