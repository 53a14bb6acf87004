import Foundation

/// Reads just enough SQL to find where a query's last statement really ends.
///
/// `COPY (query) TO STDOUT` needs the query without what query files often end with — a
/// semicolon, a comment, blank lines — so the scan skips string literals (`'…'`, `E'…'`),
/// quoted identifiers, dollar-quoted bodies and comments, and cuts after the last byte
/// that is none of those trailing things. Only the tail is cut, so the server's error
/// positions still point into the query as written. Several statements are left as they
/// are: preparing them fails with the server's own message.
enum PostgresQueryText {
    static func statement(_ query: String) -> String {
        let bytes = Array(query.utf8)
        var index = 0
        var end = 0
        func byte(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "-") where byte(1) == UInt8(ascii: "-"):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "/") where byte(1) == UInt8(ascii: "*"):
                index = blockCommentEnd(bytes, from: index)
            case UInt8(ascii: ";"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                index += 1
            case UInt8(ascii: "'"):
                index = quotedEnd(bytes, from: index, quote: UInt8(ascii: "'"), backslashEscapes: isEscapeStringPrefix(bytes, before: index))
                end = index
            case UInt8(ascii: "\""):
                index = quotedEnd(bytes, from: index, quote: UInt8(ascii: "\""), backslashEscapes: false)
                end = index
            case UInt8(ascii: "$"):
                index = dollarQuotedEnd(bytes, from: index) ?? index + 1
                end = index
            default:
                index += 1
                end = index
            }
        }
        return String(decoding: bytes[0..<end], as: UTF8.self)
    }

    /// The query with its parameter `$1` (outside literals, identifiers and comments) made the
    /// literal `parameter`, or `NULL`: `COPY (query) TO STDOUT` takes no bound parameters. The
    /// literal is a standard-conforming string (`PostgresSource` sets it so), quotes doubled.
    /// A string literal, standard-conforming (`PostgresSource` sets it so): only quotes are doubled.
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    static func binding(_ query: String, first parameter: String?) -> String {
        let bytes = Array(query.utf8)
        let literal = Array((parameter.map(Self.literal) ?? "NULL").utf8)
        var out: [UInt8] = []
        var index = 0, copied = 0
        func isDigit(_ at: Int) -> Bool { at < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) }
        while index < bytes.count {
            let next: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
            switch bytes[index] {
            case UInt8(ascii: "-") where next == UInt8(ascii: "-"):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "/") where next == UInt8(ascii: "*"):
                index = blockCommentEnd(bytes, from: index)
            case UInt8(ascii: "'"):
                index = quotedEnd(bytes, from: index, quote: UInt8(ascii: "'"), backslashEscapes: isEscapeStringPrefix(bytes, before: index))
            case UInt8(ascii: "\""):
                index = quotedEnd(bytes, from: index, quote: UInt8(ascii: "\""), backslashEscapes: false)
            case UInt8(ascii: "$") where next == UInt8(ascii: "1") && !isDigit(index + 2) && !(index > 0 && isIdentifierByte(bytes[index - 1])):
                out += bytes[copied..<index] + literal
                index += 2
                copied = index
            case UInt8(ascii: "$"):
                index = dollarQuotedEnd(bytes, from: index) ?? index + 1
            default:
                index += 1
            }
        }
        out += bytes[copied...]
        return String(decoding: out, as: UTF8.self)
    }

    /// After a `/* … */` comment, which may nest.
    private static func blockCommentEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var depth = 0, index = start
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "/"), bytes[index + 1] == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else if bytes[index] == UInt8(ascii: "*"), bytes[index + 1] == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 { return index }
            } else {
                index += 1
            }
        }
        return bytes.count
    }

    /// After a quoted literal or identifier; a doubled quote is part of it.
    private static func quotedEnd(_ bytes: [UInt8], from start: Int, quote: UInt8, backslashEscapes: Bool) -> Int {
        var index = start + 1
        while index < bytes.count {
            if backslashEscapes, bytes[index] == UInt8(ascii: "\\") {
                index += 2
            } else if bytes[index] == quote {
                if index + 1 < bytes.count, bytes[index + 1] == quote {
                    index += 2
                } else {
                    return index + 1
                }
            } else {
                index += 1
            }
        }
        return bytes.count
    }

    /// Whether the quote at `index` opens an `E'…'` string: an `E` that does not end a longer word.
    private static func isEscapeStringPrefix(_ bytes: [UInt8], before index: Int) -> Bool {
        guard index >= 1, bytes[index - 1] | 0x20 == UInt8(ascii: "e") else { return false }
        return index < 2 || !isIdentifierByte(bytes[index - 2])
    }

    /// After a `$tag$ … $tag$` body, or nil when the `$` opens none (`$1`, `a$b`).
    private static func dollarQuotedEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        if start > 0, isIdentifierByte(bytes[start - 1]) { return nil }
        var index = start + 1
        while index < bytes.count, bytes[index] != UInt8(ascii: "$") {
            let byte = bytes[index]
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            guard isIdentifierByte(byte), !(isDigit && index == start + 1) else { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        let tag = bytes[start...index]
        var search = index + 1
        while search + tag.count <= bytes.count {
            if bytes[search..<(search + tag.count)].elementsEqual(tag) { return search + tag.count }
            search += 1
        }
        return bytes.count
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte >= 0x80
    }
}
