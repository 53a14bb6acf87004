import Testing
@testable import SyncCore

@Suite struct AttributeSetTests {
    @Test func canonicalFormSortsKeysAndEscapes() {
        let json = AttributeSet.canonicalJSON(["b": .number("1.5"), "a": .string("x\"\\\u{01}é"), "c": .boolean(false)])
        #expect(json == #"{"a":"x\"\\\u0001é","b":1.5,"c":false}"#)
    }

    @Test func decodeReadsBackWhatWasWritten() {
        let values: [String: AttributeValue] = ["Name": .string("Zoë \"Z\"\n\t"), "N": .number("-0.015"), "T": .boolean(true), "E": .string("")]
        #expect(AttributeSet.decode(AttributeSet.canonicalJSON(values)) == values)
        #expect(AttributeSet.decode("{}") == [:])
        #expect(AttributeSet.decode("{\"a\":") == nil)
        // Escapes anywhere in a string, several in a row, and control characters as \u.
        let escaped: [String: AttributeValue] = ["\\k\"": .string("\"a\\\u{01}b\r\nc\u{1f}"), "plain é": .string("ü")]
        #expect(AttributeSet.decode(AttributeSet.canonicalJSON(escaped)) == escaped)
        #expect(AttributeSet.decode(#"{"a":"\u0041\u00e9"}"#) == ["a": .string("Aé")])
        #expect(AttributeSet.decode(#"{"a":"open}"#) == nil)
        #expect(AttributeSet.decode(#"{"a":"x\"}"#) == nil)
    }

    @Test func fingerprintsFollowValues() {
        #expect(AttributeSet.fingerprint(["a": .string("1")]) == AttributeSet.fingerprint(["a": .string("1")]))
        #expect(AttributeSet.fingerprint(["a": .string("1")]) != AttributeSet.fingerprint(["a": .number("1")]))
    }
}
