import Foundation

/// Finds the password in a libpq connection string or URI, to hide it from every message.
///
/// The scan follows libpq's own grammar (`keyword = value` pairs with single-quoted values
/// and backslash escapes, or `postgresql://user:password@host/db?password=…`), so it finds
/// the password even in a string libpq would refuse.
enum ConnectionStringRedaction {
    static let mask = "***"

    /// The connection string with each password value replaced by `***`.
    static func redacted(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var copied = 0
        for range in passwordRanges(bytes) {
            out += bytes[copied..<range.lowerBound]
            out += mask.utf8
            copied = range.upperBound
        }
        out += bytes[copied...]
        return String(decoding: out, as: UTF8.self)
    }

    /// The password values as written in the string (quoted, escaped or percent-encoded as they are).
    static func passwords(in text: String) -> [String] {
        let bytes = Array(text.utf8)
        return passwordRanges(bytes).map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// The byte ranges of every password value, in order.
    static func passwordRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        if let start = uriBody(bytes) { return uriPasswordRanges(bytes, from: start) }
        return keywordPasswordRanges(bytes)
    }

    /// Whether a URI holds an `@` or `/` libpq would split in the wrong place: a second `@`, or
    /// an `@` after the first `/` (before `?`). libpq would then read part of the password as
    /// the host or port and print it in its error; such a URI must be percent-encoded.
    static func hasUnencodedSeparatorInUserinfo(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let start = uriBody(bytes) else { return false }
        let head = bytes[start..<(bytes[start...].firstIndex(of: UInt8(ascii: "?")) ?? bytes.count)]
        let atSigns = head.indices.filter { head[$0] == UInt8(ascii: "@") }
        guard let at = atSigns.first else { return false }
        return atSigns.count > 1 || head[start..<at].contains(UInt8(ascii: "/"))
    }

    /// Where a URI's text after `scheme://` starts, or nil for a keyword/value string.
    private static func uriBody(_ bytes: [UInt8]) -> Int? {
        for scheme in ["postgresql://", "postgres://"] where bytes.starts(with: scheme.utf8) {
            return scheme.utf8.count
        }
        return nil
    }

    private static func uriPasswordRanges(_ bytes: [UInt8], from start: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var index = start
        while index < bytes.count, bytes[index] != UInt8(ascii: "@"), bytes[index] != UInt8(ascii: "/") { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "@"),
           let colon = bytes[start..<index].firstIndex(of: UInt8(ascii: ":")) {
            ranges.append((colon + 1)..<index)
        }
        guard let question = bytes[index...].firstIndex(of: UInt8(ascii: "?")) else { return ranges }
        var parameter = question + 1
        while parameter < bytes.count {
            let end = bytes[parameter...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.count
            let pair = bytes[parameter..<end]
            if let equals = pair.firstIndex(of: UInt8(ascii: "=")), pair[parameter..<equals].elementsEqual("password".utf8) {
                ranges.append((equals + 1)..<end)
            }
            parameter = end + 1
        }
        return ranges
    }

    private static func keywordPasswordRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var index = 0
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        func skipSpace() { while index < bytes.count, isSpace(bytes[index]) { index += 1 } }
        while true {
            skipSpace()
            guard index < bytes.count else { return ranges }
            let keywordStart = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "="), !isSpace(bytes[index]) { index += 1 }
            let keyword = bytes[keywordStart..<index]
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { continue }
            index += 1
            skipSpace()
            let valueStart = index
            if index < bytes.count, bytes[index] == UInt8(ascii: "'") {
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "'") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                index = min(index + 1, bytes.count)
            } else {
                while index < bytes.count, !isSpace(bytes[index]) {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                index = min(index, bytes.count)
            }
            if keyword.elementsEqual("password".utf8), valueStart < index { ranges.append(valueStart..<index) }
        }
    }

    /// `message` with every secret replaced by `***`. Secrets shorter than three bytes are
    /// left alone: hiding every `a` would make the message unreadable and protect nothing.
    static func scrub(_ message: String, secrets: [String]) -> String {
        var message = message
        for secret in Set(secrets) where secret.utf8.count >= 3 {
            message = message.replacingOccurrences(of: secret, with: mask)
        }
        return message
    }
}
