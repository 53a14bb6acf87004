import Testing
@testable import SyncCore
@Test func placeholder() { #expect(Bool(true)) }
