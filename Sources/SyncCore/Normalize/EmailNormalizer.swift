/// Email addresses as identifiers: trimmed and lower-cased, and only when they plausibly
/// are addresses. This is not RFC 5322 validation; Attentive judges the rest.
public enum EmailNormalizer {
    /// The normalized address, or nil when `raw` is empty or not plausibly an address:
    /// exactly one `@`, a non-empty local part, a domain with a dot between non-empty
    /// labels, and no whitespace or control characters.
    public static func normalize(_ raw: String) -> String? {
        let text = raw.trimmedValue
        guard isPlausible(text) else { return nil }
        return text.lowercased()
    }

    private static func isPlausible(_ text: String) -> Bool {
        var atIndex: Int?
        var count = 0
        var isASCII = true
        for byte in text.utf8 {
            if byte <= 0x20 || byte == 0x7F { return false }
            if byte >= 0x80 { isASCII = false }
            if byte == UInt8(ascii: "@") {
                if atIndex != nil { return false }
                atIndex = count
            }
            count += 1
        }
        guard let atIndex, atIndex > 0 else { return false }
        let domain = text.utf8.dropFirst(atIndex + 1)
        let dot = UInt8(ascii: ".")
        guard let firstByte = domain.first, let lastByte = domain.last,
              firstByte != dot, lastByte != dot, domain.contains(dot)
        else { return false }
        var previous: UInt8 = 0
        for byte in domain {
            if byte == dot, previous == dot { return false }
            previous = byte
        }
        // Whitespace beyond ASCII (a no-break space inside the address).
        return isASCII || !text.unicodeScalars.contains { $0.value >= 0x80 && $0.properties.isWhitespace }
    }
}
