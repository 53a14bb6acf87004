/// Email addresses as identifiers: trimmed and lower-cased, and only when they plausibly
/// are addresses. This is not RFC 5322 validation; Attentive judges the rest.
public enum EmailNormalizer {
    /// The normalized address, or nil when `raw` is empty or not plausibly an address:
    /// exactly one `@`, a non-empty local part, a domain with a dot between non-empty
    /// labels, and no whitespace or control characters.
    public static func normalize(_ raw: String) -> String? {
        let text = raw.trimmedValue
        guard let isASCII = plausibility(text) else { return nil }
        return isASCII ? asciiLowercased(text) : text.lowercased()
    }

    /// `lowercased()` for ASCII text, without Unicode case mapping; no copy when already lower.
    private static func asciiLowercased(_ text: String) -> String {
        let isUpper = { (byte: UInt8) in byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
        guard text.utf8.contains(where: isUpper) else { return text }
        return String(decoding: text.utf8.map { isUpper($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// Nil when `text` is not plausibly an address; otherwise whether it is all ASCII.
    private static func plausibility(_ text: String) -> Bool? {
        var atIndex: Int?
        var count = 0
        var isASCII = true
        for byte in text.utf8 {
            if byte <= 0x20 || byte == 0x7F { return nil }
            if byte >= 0x80 { isASCII = false }
            if byte == UInt8(ascii: "@") {
                if atIndex != nil { return nil }
                atIndex = count
            }
            count += 1
        }
        guard let atIndex, atIndex > 0 else { return nil }
        let domain = text.utf8.dropFirst(atIndex + 1)
        let dot = UInt8(ascii: ".")
        guard let firstByte = domain.first, let lastByte = domain.last,
              firstByte != dot, lastByte != dot, domain.contains(dot)
        else { return nil }
        var previous: UInt8 = 0
        for byte in domain {
            if byte == dot, previous == dot { return nil }
            previous = byte
        }
        if isASCII { return true }
        // Whitespace beyond ASCII (a no-break space inside the address).
        if text.unicodeScalars.contains(where: { $0.value >= 0x80 && $0.properties.isWhitespace }) { return nil }
        return false
    }
}
