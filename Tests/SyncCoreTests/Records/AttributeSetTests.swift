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

    @Test func membersKeepLiteralsAndWriteBackTheSameObject() throws {
        let values: [String: AttributeValue] = ["b\"q": .string("x\"\\\u{01}é,}"), "a": .number("-1.5"), "c": .boolean(false), "d": .string("")]
        let json = AttributeSet.canonicalJSON(values)
        let members = try #require(AttributeSet.members(json))
        #expect(members.map(\.name) == ["a", "b\"q", "c", "d"])
        #expect(String(decoding: members[1].literal, as: UTF8.self) == #""x\"\\\u0001é,}""#)
        #expect(members.map(\.value) == [.number("-1.5"), .string("x\"\\\u{01}é,}"), .boolean(false), .string("")])
        #expect(AttributeSet.canonicalJSON(members) == json)
        #expect(AttributeSet.members("{}")?.isEmpty == true)
        #expect(AttributeSet.members(#"{"a":1,"#) == nil)
        #expect(AttributeSet.members(#"{"a":tru}"#) == nil)
        // Not in canonical order: put in order, the last of a name given twice winning, as `decode` reads it.
        let unordered = try #require(AttributeSet.members(#"{"b":1,"a":2,"b":3}"#))
        #expect(AttributeSet.canonicalJSON(unordered) == #"{"a":2,"b":3}"#)
        #expect(AttributeSet.decode(#"{"b":1,"a":2,"b":3}"#) == ["a": .number("2"), "b": .number("3")])
    }

    @Test func mergeLaysTheRowOverTheStateAndListsWhatChanged() throws {
        let old = try #require(AttributeSet.members(AttributeSet.canonicalJSON(
            ["A": .string("kept"), "B": .number("1"), "D": .string("e\u{301}"), "F": .boolean(true)])))
        let new = try #require(AttributeSet.members(AttributeSet.canonicalJSON(
            ["B": .number("2"), "C": .string("new"), "D": .string("\u{e9}"), "F": .boolean(true)])))
        let (merged, changed) = CustomAttributesTarget.merge(old, new)
        #expect(AttributeSet.decode(AttributeSet.canonicalJSON(merged))
            == ["A": .string("kept"), "B": .number("2"), "C": .string("new"), "D": .string("\u{e9}"), "F": .boolean(true)])
        // "é" in either normalization form is one value, as `AttributeValue`'s equality has it.
        #expect(changed == [FieldChange(name: "B", old: .number("1"), new: .number("2")),
                            FieldChange(name: "C", old: nil, new: .string("new"))])
        #expect(CustomAttributesTarget.merge([], []).merged.isEmpty)
        #expect(CustomAttributesTarget.merge(old, []).changed.isEmpty)
        #expect(AttributeSet.canonicalJSON(CustomAttributesTarget.merge([], new).merged) == AttributeSet.canonicalJSON(new))
    }
}
