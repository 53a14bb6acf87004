import Foundation
import Testing
@testable import SyncCore

@Suite struct JSONTextTests {
    @Test func escapesQuotesBackslashesAndControlCharactersAndNothingElse() {
        #expect(JSONText.quoted("plain") == #""plain""#)
        #expect(JSONText.quoted("") == #""""#)
        #expect(JSONText.quoted("a\"b\\c\nd\re\tf\u{1}g\u{1F}") == #""a\"b\\c\nd\re\tf\u0001g\u001f""#)
        #expect(JSONText.quoted("Ñandú 🎉 /\u{7F}") == "\"Ñandú 🎉 /\u{7F}\"")
    }

    @Test func whatItWritesFoundationReadsBack() throws {
        let texts = ["", "x", "a\"b", "\\", "\u{0}\u{8}\u{C}", "línea\nnueva", "emoji 👩‍👩‍👧", String(repeating: "long ", count: 100)]
        for text in texts {
            let decoded = try JSONSerialization.jsonObject(with: Data(JSONText.quoted(text).utf8), options: .fragmentsAllowed)
            #expect(decoded as? String == text)
        }
    }
}
