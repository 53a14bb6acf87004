/// Number cells as exact canonical decimal literals, without a trip through `Double`:
/// `+12.50` → `12.5`, `1e3` → `1000`, `-0` → `0`, `1.5E-2` → `0.015`.
///
/// Accepted is what a JSON number accepts, plus a leading `+` and leading zeros
/// (`007` → `7`). Values whose decimal exponent is beyond ±100 keep a canonical
/// exponent form (`1e400`, `-2.5e-300`) rather than hundreds of zeros.
struct CanonicalNumber: Equatable {
    /// The canonical literal.
    let literal: String
    /// True when the value has no fractional part.
    let isWhole: Bool
    /// True when the literal is in exponent form (|exponent| > 100).
    let hasExponent: Bool

    /// Exponents beyond this are kept as `…e…` literals.
    static let maxPlainExponent = 100
    /// Exponents written beyond this are refused rather than risk overflow.
    private static let maxWrittenExponent = 1_000_000_000

    /// Reads `text` (already trimmed) or throws `ValueError.notANumber`.
    init(_ text: String) throws(ValueError) {
        var text = text
        let parsed = text.withUTF8 { Self.parse($0) }
        switch parsed {
        case .success(let value): self = value
        case .failure(let error): throw error
        }
    }

    private init(literal: String, isWhole: Bool, hasExponent: Bool) {
        self.literal = literal
        self.isWhole = isWhole
        self.hasExponent = hasExponent
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<CanonicalNumber, ValueError> {
        let end = bytes.count
        var i = 0
        var negative = false
        if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        let integerStart = i
        while i < end, isDigit(bytes[i]) { i += 1 }
        let integerDigits = UnsafeBufferPointer(rebasing: bytes[integerStart..<i])
        guard !integerDigits.isEmpty else { return .failure(.notANumber) }

        var fractionDigits = UnsafeBufferPointer(rebasing: bytes[i..<i])
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < end, isDigit(bytes[i]) { i += 1 }
            fractionDigits = UnsafeBufferPointer(rebasing: bytes[fractionStart..<i])
            guard !fractionDigits.isEmpty else { return .failure(.notANumber) }
        }

        var writtenExponent = 0
        if i < end, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var exponentNegative = false
            if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            let exponentStart = i
            while i < end, isDigit(bytes[i]) {
                writtenExponent = writtenExponent * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                guard writtenExponent <= maxWrittenExponent else { return .failure(.numberOutOfRange) }
                i += 1
            }
            guard i > exponentStart else { return .failure(.notANumber) }
            if exponentNegative { writtenExponent = -writtenExponent }
        }
        guard i == end else { return .failure(.notANumber) }

        // The value is digits × 10^exponent, with digits free of leading and trailing zeros.
        var digits: [UInt8] = []
        digits.reserveCapacity(integerDigits.count + fractionDigits.count)
        for byte in integerDigits where !(digits.isEmpty && byte == UInt8(ascii: "0")) {
            digits.append(byte)
        }
        for byte in fractionDigits where !(digits.isEmpty && byte == UInt8(ascii: "0")) {
            digits.append(byte)
        }
        guard !digits.isEmpty else {
            return .success(CanonicalNumber(literal: "0", isWhole: true, hasExponent: false))
        }
        var exponent = writtenExponent - fractionDigits.count
        while digits.last == UInt8(ascii: "0") {
            digits.removeLast()
            exponent += 1
        }
        return .success(format(digits: digits, exponent: exponent, negative: negative))
    }

    private static func format(digits: [UInt8], exponent: Int, negative: Bool) -> CanonicalNumber {
        var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        let scientificExponent = digits.count - 1 + exponent
        if abs(scientificExponent) > maxPlainExponent {
            out.append(digits[0])
            if digits.count > 1 {
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: digits[1...])
            }
            out.append(UInt8(ascii: "e"))
            out.append(contentsOf: String(scientificExponent).utf8)
            return CanonicalNumber(
                literal: String(decoding: out, as: UTF8.self), isWhole: exponent >= 0, hasExponent: true
            )
        }
        if exponent >= 0 {
            out.append(contentsOf: digits)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: exponent))
        } else {
            let point = digits.count + exponent
            if point > 0 {
                out.append(contentsOf: digits[..<point])
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: digits[point...])
            } else {
                out.append(contentsOf: "0.".utf8)
                out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -point))
                out.append(contentsOf: digits)
            }
        }
        return CanonicalNumber(
            literal: String(decoding: out, as: UTF8.self), isWhole: exponent >= 0, hasExponent: false
        )
    }
}
