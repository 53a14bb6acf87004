import Testing
@testable import SyncCore

/// Expected values are what libphonenumber 8.12 itself gives (`Parse` with the default
/// region, `IsValidNumber`, `Format(E164)`), checked against the C++ library directly.
@Suite("PhoneNormalizer: E.164 as libphonenumber gives it")
struct PhoneNormalizerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var raw: String
        var e164: String?
        var testDescription: String { "\"\(raw)\" → \(e164 ?? "nil")" }
    }

    static let unitedStates: [Case] = [
        Case(raw: "(201) 555-0123", e164: "+12015550123"),
        Case(raw: "(212) 736-5000", e164: "+12127365000"),
        Case(raw: "212.736.5000", e164: "+12127365000"),
        Case(raw: "212-736-5000", e164: "+12127365000"),
        Case(raw: "2127365000", e164: "+12127365000"),
        Case(raw: "1 212 736 5000", e164: "+12127365000"),
        Case(raw: "+1 212 736 5000", e164: "+12127365000"),
        Case(raw: "+12127365000", e164: "+12127365000"),
        Case(raw: "+1 (415) 555-2671", e164: "+14155552671"),
        Case(raw: "(650) 253-0000", e164: "+16502530000"),
        Case(raw: "tel:+1-212-736-5000", e164: "+12127365000"),
        Case(raw: "212-736-5000 ext. 123", e164: "+12127365000"),
        Case(raw: "+44 20 7946 0958", e164: "+442079460958"),
        Case(raw: "011 44 20 7946 0958", e164: "+442079460958"),
        Case(raw: "+33 1 42 68 53 00", e164: "+33142685300"),
        Case(raw: "1-800-FLOWERS", e164: "+18003569377"),
        Case(raw: "   (212) 736-5000  ", e164: "+12127365000"),
        Case(raw: "\t+1 212 736 5000\n", e164: "+12127365000"),
        Case(raw: "555-CALL-NOW", e164: nil),
        Case(raw: "311-555-2368", e164: nil),
        Case(raw: "00 44 20 7946 0958", e164: nil),
        Case(raw: "12345", e164: nil),
        Case(raw: "not a phone", e164: nil),
        Case(raw: "", e164: nil),
        Case(raw: "   ", e164: nil),
    ]

    static let greatBritain: [Case] = [
        Case(raw: "020 7946 0958", e164: "+442079460958"),
        Case(raw: "00 44 20 7946 0958", e164: "+442079460958"),
        Case(raw: "+44 20 7946 0958", e164: "+442079460958"),
        Case(raw: "07911 123456", e164: "+447911123456"),
        Case(raw: "001 212 736 5000", e164: "+12127365000"),
        Case(raw: "+1 212 736 5000", e164: "+12127365000"),
        Case(raw: "011 44 20 7946 0958", e164: nil),
    ]

    @Test(arguments: unitedStates)
    func defaultRegionUS(_ example: Case) throws {
        #expect(try PhoneNormalizer(defaultRegion: "US").e164(example.raw) == example.e164)
    }

    @Test(arguments: greatBritain)
    func defaultRegionGB(_ example: Case) throws {
        #expect(try PhoneNormalizer(defaultRegion: "GB").e164(example.raw) == example.e164)
    }

    @Test func unknownRegionThrows() {
        let error = #expect(throws: UnknownPhoneRegionError.self) { try PhoneNormalizer(defaultRegion: "XX") }
        #expect(error?.description.contains("\"XX\"") == true)
    }

    @Test(arguments: ["", "USA", "001", "ZZ"])
    func otherUnknownRegionsThrow(_ region: String) {
        #expect(throws: UnknownPhoneRegionError.self) { try PhoneNormalizer(defaultRegion: region) }
    }

    @Test func regionIsReadCaseInsensitively() throws {
        let normalizer = try PhoneNormalizer(defaultRegion: "us")
        #expect(normalizer.defaultRegion == "US")
        #expect(normalizer.e164("212-736-5000") == "+12127365000")
    }
}
