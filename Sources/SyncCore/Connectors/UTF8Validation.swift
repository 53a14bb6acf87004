/// Checking bytes for well-formed UTF-8 (Unicode 15, table 3-7) before they become a
/// `String`, without the generic `String(validating:as:)` path, which costs more than the
/// whole CSV scan on million-row files.
enum UTF8Validation {
    /// True when `bytes` are all ASCII, eight at a time.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var i = 0
        var seen: UInt64 = 0
        while i + 8 <= count {
            seen |= UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            i += 8
        }
        var tail: UInt8 = 0
        while i < count {
            tail |= base[i]
            i += 1
        }
        return seen & 0x8080_8080_8080_8080 == 0 && tail & 0x80 == 0
    }

    /// True when `bytes` are well-formed UTF-8: no stray continuation bytes, no overlong
    /// forms, no surrogates, nothing above U+10FFFF, no truncated sequence.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        var i = 0
        while i < count {
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard i + length <= count else { return false }
            let second = bytes[i + 1]
            guard second >= low, second <= high else { return false }
            for k in 2..<max(length, 2) where bytes[i + k] & 0xC0 != 0x80 {
                return false
            }
            i += length
        }
        return true
    }
}
