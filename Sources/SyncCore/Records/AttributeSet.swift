/// A record's custom attributes in their canonical form: a JSON object with keys sorted,
/// used as the request's `properties`, as the state's payload and for fingerprints.
public enum AttributeSet {
    /// The canonical form of no attributes.
    public static let empty = "{}"

    /// `{"A":1,"B":"x"}` with keys in sorted order.
    public static func canonicalJSON(_ attributes: [String: AttributeValue]) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(256)
        for (name, value) in attributes.sorted(by: { $0.key < $1.key }) {
            if out.count > 1 { out.append(UInt8(ascii: ",")) }
            JSONText.appendQuoted(name, to: &out)
            out.append(UInt8(ascii: ":"))
            value.appendJSONLiteral(to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// A 64-bit FNV-1a hash of the canonical JSON: equal attribute sets, equal fingerprints.
    public static func fingerprint(_ attributes: [String: AttributeValue]) -> UInt64 {
        fingerprint(canonicalJSON: canonicalJSON(attributes))
    }

    /// The fingerprint of an attribute set already in canonical form.
    public static func fingerprint(canonicalJSON: String) -> UInt64 {
        FNV1a.hash(canonicalJSON)
    }

    /// Reads back what `canonicalJSON` wrote; nil for anything else.
    public static func decode(_ json: String) -> [String: AttributeValue]? {
        var scanner = ScalarObjectScanner(bytes: Array(json.utf8))
        return scanner.object()
    }

    /// One member of a canonical object: its name and value, and their literals as written.
    struct Member {
        var name: String
        var nameLiteral: ArraySlice<UInt8>
        var literal: ArraySlice<UInt8>
        var value: AttributeValue
    }

    /// The members of what `canonicalJSON` wrote, in its order, with their literals as read; nil
    /// for anything else. Equal literals are equal values; unequal ones may still be equal values
    /// (a string in another normalization form): compare `value`s to be sure.
    static func members(_ json: String) -> [Member]? {
        var scanner = ScalarObjectScanner(bytes: Array(json.utf8))
        guard var members = scanner.members() else { return nil }
        // Written by `canonicalJSON`, names are already in order; anything else is put in order,
        // a name given twice keeping its last value, as `decode` does.
        if !members.indices.dropFirst().allSatisfy({ members[$0 - 1].name < members[$0].name }) {
            members = Dictionary(members.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
                .values.sorted { $0.name < $1.name }
        }
        return members
    }

    /// The canonical object of `members`, given in order, written from their literals as read.
    static func canonicalJSON(_ members: some Sequence<Member>) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(256)
        for member in members {
            if out.count > 1 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: member.nameLiteral)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: member.literal)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }
}

/// Parses a flat JSON object of scalar values (what the state stores), keeping number literals as written.
private struct ScalarObjectScanner {
    let bytes: [UInt8]
    var index = 0

    mutating func object() -> [String: AttributeValue]? {
        var result: [String: AttributeValue] = [:]
        return forEachMember { name, _, _, value in result[name] = value } ? result : nil
    }

    /// `object()`'s members as they come, with their literals.
    mutating func members() -> [AttributeSet.Member]? {
        var result: [AttributeSet.Member] = []
        let bytes = bytes
        return forEachMember { name, nameLiteral, literal, value in
            result.append(AttributeSet.Member(name: name, nameLiteral: bytes[nameLiteral], literal: bytes[literal], value: value))
        } ? result : nil
    }

    /// Reads the object member by member: each one's name, where its name's and value's literals
    /// are, and its value. False when the bytes are not such an object.
    private mutating func forEachMember(_ body: (String, Range<Int>, Range<Int>, AttributeValue) -> Void) -> Bool {
        guard consume(UInt8(ascii: "{")) else { return false }
        if consume(UInt8(ascii: "}")) { return true }
        repeat {
            let nameStart = index
            guard let name = string() else { return false }
            let nameEnd = index
            guard consume(UInt8(ascii: ":")) else { return false }
            let start = index
            guard let value = value() else { return false }
            body(name, nameStart..<nameEnd, start..<index, value)
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "}")) && index == bytes.count
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func value() -> AttributeValue? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "\""): return string().map(AttributeValue.string)
        case UInt8(ascii: "t"): return literal("true") ? .boolean(true) : nil
        case UInt8(ascii: "f"): return literal("false") ? .boolean(false) : nil
        default:
            let start = index
            while index < bytes.count, !",}".utf8.contains(bytes[index]) { index += 1 }
            return index > start ? .number(String(decoding: bytes[start..<index], as: UTF8.self)) : nil
        }
    }

    mutating func literal(_ word: String) -> Bool {
        let utf8 = Array(word.utf8)
        guard bytes.count - index >= utf8.count, Array(bytes[index..<index + utf8.count]) == utf8 else { return false }
        index += utf8.count
        return true
    }

    /// A string literal: runs without escapes are taken as they are, escapes decoded.
    mutating func string() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        var start = index
        var unescaped: [UInt8]?
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                guard var text = unescaped else { return String(decoding: bytes[start..<index], as: UTF8.self) }
                text.append(contentsOf: bytes[start..<index])
                return String(decoding: text, as: UTF8.self)
            }
            guard byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            // Appended to in place: one buffer for the whole string, however many escapes.
            unescaped = unescaped ?? []
            unescaped!.append(contentsOf: bytes[start..<index])
            index += 1
            guard index < bytes.count else { return nil }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "n"): unescaped!.append(0x0A)
            case UInt8(ascii: "r"): unescaped!.append(0x0D)
            case UInt8(ascii: "t"): unescaped!.append(0x09)
            case UInt8(ascii: "u"):
                guard index + 4 <= bytes.count,
                      let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
                      let scalar = Unicode.Scalar(code)
                else { return nil }
                index += 4
                unescaped!.append(contentsOf: String(Character(scalar)).utf8)
            default: unescaped!.append(escape)
            }
            start = index
        }
        return nil
    }
}
