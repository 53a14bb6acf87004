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

    mutating func bool(_ value: Bool) { value ? raw("true") : raw("false") }

    /// `null` for nil.
    mutating func string(_ text: String?) {
        if let text { string(text) } else { raw("null") }
    }

    mutating func int(_ value: Int?) {
        if let value { int(value) } else { raw("null") }
    }

    /// A value as `AttributeValue.jsonLiteral` writes it (a string quoted in place); `null` for nil.
    mutating func value(_ value: AttributeValue?) {
        guard let value else { return raw("null") }
        if case .string(let text) = value { string(text) } else { bytes.append(contentsOf: value.jsonLiteral.utf8) }
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
