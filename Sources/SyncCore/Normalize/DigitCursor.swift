/// A read position in a cell's UTF-8 bytes, for the date and time readers: runs of
/// digits and expected literal bytes, nothing more.
struct DigitCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { index == bytes.count }

    /// The next byte, not consumed.
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Reads at least `minimum` and at most `maximum` decimal digits (greedily).
    mutating func digits(_ minimum: Int, _ maximum: Int) -> Int? {
        var value = 0
        var count = 0
        while count < maximum, index < bytes.count {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { break }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            count += 1
            index += 1
        }
        return count >= minimum ? value : nil
    }

    /// Reads exactly `count` decimal digits.
    mutating func digits(_ count: Int) -> Int? {
        let start = index
        guard let value = digits(count, count) else {
            index = start
            return nil
        }
        return value
    }

    /// Consumes `byte` when it is next.
    mutating func take(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    /// Consumes the next byte when it is one of `choices`, and returns it.
    mutating func take(anyOf choices: UInt8...) -> UInt8? {
        guard let byte = peek, choices.contains(byte) else { return nil }
        index += 1
        return byte
    }

    /// Consumes `literal` when the bytes ahead are exactly it.
    mutating func take(_ literal: [UInt8]) -> Bool {
        guard bytes.count - index >= literal.count else { return false }
        for (offset, byte) in literal.enumerated() where bytes[index + offset] != byte {
            return false
        }
        index += literal.count
        return true
    }
}
