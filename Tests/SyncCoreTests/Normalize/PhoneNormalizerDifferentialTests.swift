import Dispatch
import Synchronization
import Testing
@testable import SyncCore

/// Each thread's own libphonenumber instance answers exactly as libphonenumber's shared one, on
/// a quarter of a million numbers in the messy forms real exports hold, normalized on every core
/// at once. (Kept to a quarter million so it does not starve the suite's timed CLI tests.)
@Suite struct PhoneNormalizerDifferentialTests {
    /// SplitMix64: the same numbers on every machine.
    struct Generator: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func digits(_ count: Int, _ random: inout Generator) -> String {
        var bytes = [UInt8](repeating: 0, count: count)
        for index in 0..<count { bytes[index] = UInt8(ascii: "0") + UInt8(random.next() % 10) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A number as people type it: US and foreign forms, extensions, letters, full-width digits,
    /// junk, too short or too long.
    static func messyNumber(_ random: inout Generator) -> String {
        let area = digits(3, &random), exchange = digits(3, &random), line = digits(4, &random)
        switch random.next() % 37 {
        case 0: return "(\(area)) \(exchange)-\(line)"
        case 1: return "\(area).\(exchange).\(line)"
        case 2: return "\(area)-\(exchange)-\(line)"
        case 3: return area + exchange + line
        case 4: return "1 \(area) \(exchange) \(line)"
        case 5: return "+1 \(area) \(exchange) \(line)"
        case 6: return "+1-\(area)-\(exchange)-\(line)"
        case 7: return "001\(area)\(exchange)\(line)"
        case 8: return "\(area) \(exchange) \(line) x\(digits(3, &random))"
        case 9: return "\(area)-\(exchange)-\(line) ext. 7"
        case 10: return "tel:+1\(area)\(exchange)\(line)"
        case 11: return "+44 20 \(digits(4, &random)) \(digits(4, &random))"
        case 12: return "020 \(digits(4, &random)) \(digits(4, &random))"
        case 13: return "07" + digits(9, &random)
        case 14: return "+49 30 " + digits(8, &random)
        case 15: return "+91 \(digits(5, &random)) \(digits(5, &random))"
        case 16: return "+33 6 " + digits(8, &random)
        case 17, 18:
            // Full-width digits, as some keyboards type them.
            let wide = String(String.UnicodeScalarView((area + exchange + line).unicodeScalars.map { Unicode.Scalar($0.value - 0x30 + 0xFF10)! }))
            return random.next() % 2 == 0 ? wide : "+1" + wide
        case 19: return "1-800-FLOWERS"
        case 20: return "1-\(area)-CALL-NOW"
        case 21: return "\(area) \(exchange) \(line) (home)"
        case 22: return digits(1 + Int(random.next() % 20), &random)
        case 23: return "+" + digits(1 + Int(random.next() % 17), &random)
        case 24: return "n/a"
        case 25: return " - "
        case 26: return "++1\(area)\(exchange)\(line)"
        // The North American forms read without Parse (area codes 0 and 1 included: those take Parse).
        case 27: return "+1\(area)\(exchange)\(line)"
        case 28: return "1\(area)\(exchange)\(line)"
        case 29: return "(\(area))\(exchange)-\(line)"
        case 30: return "+1 (\(area)) \(exchange)-\(line)"
        case 31: return "1-\(area)-\(exchange)-\(line)"
        case 32: return "+1.\(area).\(exchange).\(line)"
        case 33: return "\(area) \(exchange) \(line)"
        // Near misses of those forms: Parse decides.
        case 34: return "(\(area)) \(exchange)-\(line)5"
        case 35: return "\(area)-\(exchange).\(line)"
        default: return "+1  \(area) \(exchange) \(line)"
        }
    }

    @Test func perThreadInstancesAnswerAsTheSharedOne() throws {
        let normalizers = [try PhoneNormalizer(defaultRegion: "US"), try PhoneNormalizer(defaultRegion: "GB")]
        let slices = 16, perSlice = 15_625
        let tally = Mutex((compared: 0, valid: 0, mismatches: [String]()))
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            var random = Generator(state: UInt64(slice))
            var compared = 0, valid = 0, mismatches: [String] = []
            for index in 0..<perSlice {
                let raw = Self.messyNumber(&random)
                let normalizer = normalizers[index % normalizers.count]
                let own = normalizer.e164(raw), shared = normalizer.e164ThroughSharedInstance(raw)
                compared += 1
                if own != nil { valid += 1 }
                if own != shared, mismatches.count < 10 { mismatches.append("\(normalizer.defaultRegion) \(raw)") }
            }
            tally.withLock { $0.compared += compared; $0.valid += valid; $0.mismatches += mismatches }
        }
        let result = tally.withLock { $0 }
        #expect(result.compared == 250_000)
        #expect(result.mismatches == [])
        // Neither all valid nor all invalid: the comparison covers both answers.
        #expect(result.valid > 50_000 && result.valid < 225_000, "\(result.valid) valid")
    }
}
