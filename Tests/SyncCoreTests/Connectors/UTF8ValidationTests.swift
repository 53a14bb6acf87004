import Testing
@testable import SyncCore

@Suite("UTF8Validation")
struct UTF8ValidationTests {
    static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) }
    }

    static func isASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { UTF8Validation.isASCII($0) }
    }

    @Test(arguments: ["", "plain", "José", "Zürich", "李", "Иван", "🏔️", "\u{10FFFF}", "\u{FFFD}", "\u{E000}"])
    func wellFormedTextIsValid(text: String) {
        #expect(Self.isValid(Array(text.utf8)))
    }

    @Test(arguments: [
        [0x80], [0xBF], [0xC0, 0xAF], [0xC1, 0xBF], [0xC3], [0xC3, 0x28], [0xE0, 0x80, 0xAF],
        [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF0, 0x80, 0x80, 0xAF], [0xF0, 0x9F, 0x98],
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFE], [0xFF], [0x61, 0xE2, 0x28, 0xA1],
    ] as [[UInt8]])
    func malformedBytesAreInvalid(bytes: [UInt8]) {
        #expect(!Self.isValid(bytes))
    }

    @Test func agreesWithTheStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let count = Int.random(in: 0...12, using: &generator)
            let bytes = (0..<count).map { _ in
                [UInt8(ascii: "a"), 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xED, 0xBF, 0x80]
                    .randomElement(using: &generator)!
            }
            #expect(Self.isValid(bytes) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
    }

    @Test func asciiCheckLooksAtEveryByte() {
        let ascii = Array("0123456789abcdefghij".utf8)
        #expect(Self.isASCII(ascii))
        #expect(Self.isASCII([]))
        for index in ascii.indices {
            var bytes = ascii
            bytes[index] = 0xC3
            #expect(!Self.isASCII(bytes), "non-ASCII byte at \(index)")
        }
    }
}
