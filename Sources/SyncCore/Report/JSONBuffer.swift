/// JSON text built as UTF-8 bytes and handed to a text stream in large pieces: a report of a
/// million changes makes no `String` per value.
struct JSONBuffer {
    private var bytes: [UInt8] = []
    static let pieceSize = 1 << 16

    init() { bytes.reserveCapacity(Self.pieceSize + 4096) }

    /// JSON text as it is: punctuation and member names.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ text: String) { JSONText.appendQuoted(text, to: &bytes) }

    mutating func int(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

    /// A finite number, at most six decimals (a summary's spread).
    mutating func number(_ value: Double) {
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        bytes.append(contentsOf: (rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded)).utf8)
    }

    mutating func bool(_ value: Bool) { value ? raw("true") : raw("false") }

    /// `null` for nil.
    mutating func string(_ text: String?) {
        if let text { string(text) } else { raw("null") }
    }

    mutating func int(_ value: Int?) {
        if let value { int(value) } else { raw("null") }
    }

    /// A value as a JSON literal (`AttributeValue.appendJSONLiteral`); `null` for nil.
    mutating func value(_ value: AttributeValue?) {
        guard let value else { return raw("null") }
        value.appendJSONLiteral(to: &bytes)
    }

    /// Each member of `canonicalJSON` (as `AttributeSet.canonicalJSON` writes it: names in
    /// order, values as JSON literals) as a created field, `{"name":…,"old":null,"new":…}`, its
    /// name and value copied as written: nothing decoded. Stops at the first thing that is not
    /// such a member (nothing at all for text that is not an object).
    mutating func createdFields(_ canonicalJSON: String) {
        var text = canonicalJSON
        text.withUTF8 { json in
            // The end of the literal starting at `start`: a string with its escapes, or a bare literal.
            func literalEnd(_ start: Int) -> Int {
                var index = start
                if json[index] == UInt8(ascii: "\"") {
                    index += 1
                    while index < json.count, json[index] != UInt8(ascii: "\"") { index += json[index] == UInt8(ascii: "\\") ? 2 : 1 }
                    return Swift.min(index + 1, json.count)
                }
                while index < json.count, json[index] != UInt8(ascii: ","), json[index] != UInt8(ascii: "}") { index += 1 }
                return index
            }
            guard json.count > 2, json.first == UInt8(ascii: "{"), json.last == UInt8(ascii: "}") else { return }
            var index = 1, member = 0
            while index < json.count - 1 {
                let nameEnd = literalEnd(index)
                guard nameEnd < json.count - 1, json[nameEnd] == UInt8(ascii: ":") else { return }
                let valueEnd = literalEnd(nameEnd + 1)
                separator(member)
                raw("{\"name\":"); bytes.append(contentsOf: json[index..<nameEnd])
                raw(",\"old\":null,\"new\":"); bytes.append(contentsOf: json[(nameEnd + 1)..<valueEnd])
                raw("}")
                member += 1
                index = valueEnd + 1
            }
        }
    }

    /// A comma before every element but the first.
    mutating func separator(_ index: Int) {
        if index > 0 { raw(",") }
    }

    /// Hands on what is buffered once it is a piece's worth (`all`: whatever there is).
    mutating func flush(to out: inout some TextOutputStream, all: Bool = false) {
        guard all ? !bytes.isEmpty : bytes.count >= Self.pieceSize else { return }
        out.write(String(decoding: bytes, as: UTF8.self))
        bytes.removeAll(keepingCapacity: true)
    }
}
