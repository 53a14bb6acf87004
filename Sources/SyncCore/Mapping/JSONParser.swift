import Foundation

/// Reads a mapping file's text, or a catalog line the state keeps, as JSON (RFC 8259), more
/// strictly than `JSONDecoder`: a key given twice in one object is an error rather than one of
/// them quietly winning, and a number keeps the text it was written with. A UTF-8 byte order
/// mark is skipped.
struct JSONParser {
    enum Failure: Error, Equatable {
        /// Not JSON: the line and column (in characters, from 1) where reading stopped, and what was wrong there.
        case syntax(line: Int, column: Int, problem: String)
        /// The keys (and array indices) leading to a key given twice in its object.
        case duplicateKey(path: [String])
    }

    /// Nesting deeper than any mapping needs is refused instead of recursed into.
    static let maximumDepth = 64

    private let bytes: [UInt8]
    private var position = 0
    /// The keys and indices leading to the value being read; its count is the depth.
    private var path: [String] = []

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    static func parse(_ data: Data) throws(Failure) -> JSONValue {
        var parser = JSONParser(Array(data))
        if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.position = 3 }
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.peek == nil else { throw parser.syntax("expected the end of the document") }
        return value
    }

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private func syntax(_ problem: String) -> Failure {
        let before = bytes[..<position]
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        // Characters, not bytes: UTF-8 continuation bytes are not counted.
        let column = 1 + bytes[lineStart..<position].count { $0 & 0xC0 != 0x80 }
        return .syntax(line: 1 + before.count(where: { $0 == UInt8(ascii: "\n") }), column: column, problem: problem)
    }

    private mutating func skipWhitespace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    /// Consumes `character` if it comes next.
    private mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard peek == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    private mutating func value() throws(Failure) -> JSONValue {
        skipWhitespace()
        guard path.count < Self.maximumDepth else { throw syntax("nested more than \(Self.maximumDepth) levels deep") }
        guard let byte = peek else { throw syntax("expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        case UInt8(ascii: "t"): try word("true"); return .bool(true)
        case UInt8(ascii: "f"): try word("false"); return .bool(false)
        case UInt8(ascii: "n"): try word("null"); return .null
        default: throw syntax("expected a value")
        }
    }

    private mutating func object() throws(Failure) -> JSONValue {
        position += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if take("}") { return .object(members) }
        repeat {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw syntax("expected a key in double quotes") }
            let key = try string()
            skipWhitespace()
            guard take(":") else { throw syntax("expected ':' after a key") }
            path.append(key)
            guard members.updateValue(try value(), forKey: key) == nil else { throw .duplicateKey(path: path) }
            path.removeLast()
            skipWhitespace()
        } while take(",")
        guard take("}") else { throw syntax("expected ',' or '}'") }
        return .object(members)
    }

    private mutating func array() throws(Failure) -> JSONValue {
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if take("]") { return .array(elements) }
        repeat {
            path.append(String(elements.count))
            elements.append(try value())
            path.removeLast()
            skipWhitespace()
        } while take(",")
        guard take("]") else { throw syntax("expected ',' or ']'") }
        return .array(elements)
    }

    private mutating func string() throws(Failure) -> String {
        position += 1
        var utf8: [UInt8] = []
        while let byte = peek {
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                guard let text = String(validating: utf8, as: UTF8.self) else { throw syntax("a string is not valid UTF-8") }
                return text
            case UInt8(ascii: "\\"):
                position += 1
                try escape(into: &utf8)
            case ..<0x20:
                throw syntax("a control character in a string must be written as an escape (e.g. \\n)")
            default:
                position += 1
                utf8.append(byte)
            }
        }
        throw syntax("a string is not closed")
    }

    /// The byte each one-letter escape stands for: `\n` is a line feed.
    private static let escapes: [UInt8: UInt8] = [
        UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F, UInt8(ascii: "b"): 0x08,
        UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
    ]

    private mutating func escape(into utf8: inout [UInt8]) throws(Failure) {
        if let byte = peek, let escaped = Self.escapes[byte] {
            position += 1
            utf8.append(escaped)
            return
        }
        guard take("u") else { throw syntax("unknown escape (expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)") }
        var value = try hexUnit()
        if (0xD800..<0xDC00).contains(value) {
            guard take("\\"), take("u") else { throw syntax("a \\u escape of a high surrogate must be followed by a low one") }
            let low = try hexUnit()
            guard (0xDC00..<0xE000).contains(low) else { throw syntax("a \\u escape of a high surrogate must be followed by a low one") }
            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(value) else { throw syntax("a \\u escape of a lone low surrogate") }
        utf8.append(contentsOf: String(scalar).utf8)
    }

    /// The four hex digits of a `\u` escape.
    private mutating func hexUnit() throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek, let digit = Character(Unicode.Scalar(byte)).hexDigitValue else {
                throw syntax("expected four hex digits after \\u")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// A number's text as written: `-`, an integer part without leading zeros, a fraction, an exponent.
    private mutating func number() throws(Failure) -> String {
        let start = position
        _ = take("-")
        if !take("0") { guard digits() else { throw syntax("expected a digit") } }
        if take(".") { guard digits() else { throw syntax("expected a digit after '.'") } }
        if take("e") || take("E") {
            _ = take("+") || take("-")
            guard digits() else { throw syntax("expected a digit in the exponent") }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// Consumes a run of digits; false when there is none.
    private mutating func digits() -> Bool {
        let start = position
        while let byte = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
        return position > start
    }

    private mutating func word(_ text: String) throws(Failure) {
        guard bytes[position...].starts(with: text.utf8) else { throw syntax("expected a value") }
        position += text.utf8.count
    }
}
