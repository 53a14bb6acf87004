/// Many rows in one statement: columns bound as array literals (`{"a","b",NULL}`) and
/// `unnest`ed on the server, so a batch of thousands of rows is one round trip.
enum PostgresArrayText {
    /// Rows per statement: big enough that round trips do not count, small enough that a
    /// statement's text stays a few megabytes.
    static let batchSize = 5_000

    /// A `text[]` literal: every element quoted, `"` and `\` escaped; nil is NULL.
    static func texts(_ values: some Sequence<String?>) -> String {
        // Bytes, not characters: a batch of payloads is megabytes of text.
        var literal: [UInt8] = [UInt8(ascii: "{")]
        var first = true
        for value in values {
            if !first { literal.append(UInt8(ascii: ",")) }
            first = false
            guard let value else { literal += "NULL".utf8; continue }
            literal.append(UInt8(ascii: "\""))
            for byte in value.utf8 {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { literal.append(UInt8(ascii: "\\")) }
                literal.append(byte)
            }
            literal.append(UInt8(ascii: "\""))
        }
        literal.append(UInt8(ascii: "}"))
        return String(decoding: literal, as: UTF8.self)
    }

    static func texts(_ values: some Sequence<String>) -> String {
        texts(values.lazy.map { Optional($0) })
    }

    /// A `bigint[]` literal; nil is NULL.
    static func numbers(_ values: some Sequence<Int64?>) -> String {
        "{" + values.map { $0.map(String.init) ?? "NULL" }.joined(separator: ",") + "}"
    }

    /// A `bigint[]` literal of unsigned values stored as their bit pattern.
    static func bits(_ values: some Sequence<UInt64?>) -> String {
        numbers(values.map { $0.map { Int64(bitPattern: $0) } })
    }
}
