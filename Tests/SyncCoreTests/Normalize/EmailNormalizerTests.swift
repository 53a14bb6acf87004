import Testing
@testable import SyncCore

@Suite("EmailNormalizer")
struct EmailNormalizerTests {
    @Test(arguments: [
        ("jane@example.com", "jane@example.com"),
        ("  Jane.Doe@Example.COM \t", "jane.doe@example.com"),
        ("JOHN+tag@mail.example.co.uk", "john+tag@mail.example.co.uk"),
        ("\u{00A0}ana@example.com\u{00A0}", "ana@example.com"),
        ("José@Exämple.com", "josé@exämple.com"),
    ])
    func plausibleAddressesAreTrimmedAndLowerCased(raw: String, expected: String) {
        #expect(EmailNormalizer.normalize(raw) == expected)
    }

    @Test(arguments: [
        "", "   ", "jane", "jane@", "@example.com", "jane@example", "jane@@example.com",
        "jane@doe@example.com", "jane doe@example.com", "jane@exam ple.com", "jane@.com",
        "jane@example.", "jane@example..com", "jane\u{00A0}doe@example.com", "ja\tne@example.com",
    ])
    func implausibleAddressesAreNil(raw: String) {
        #expect(EmailNormalizer.normalize(raw) == nil)
    }
}
