import Testing
@testable import SyncCore

@Suite struct PhoneNormalizerLibraryVersionTests {
    @Test func readsTheLoadedLibrarysVersion() {
        // Debian 12's libphonenumber-dev links libphonenumber.so.8.12.
        #expect(PhoneNormalizer.libraryVersion.wholeMatch(of: /\d+\.\d+(\.\d+)*/) != nil, "\(PhoneNormalizer.libraryVersion)")
    }
}
