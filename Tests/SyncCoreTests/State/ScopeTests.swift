import Testing
@testable import SyncCore

/// Scopes are typed values; the text the state stores stays what every earlier version wrote.
@Suite struct ScopeTests {
    static let all: [Scope] = [.customAttributes, .identityLinks, .product, .segment("vip-customers"), .segment("a:b c")]
        + SubscriptionMapping.Channel.allCases.flatMap { channel in SubscriptionMapping.Kind.allCases.map { .subscription(channel, $0) } }
        + EventKind.allCases.map { .event($0) }

    @Test func theStoredTextIsAsBefore() {
        #expect(Scope.subscription(.text, .marketing).stored == "subscription:TEXT:MARKETING")
        #expect(Scope.subscription(.email, .checkoutAbandoned).stored == "subscription:EMAIL:CHECKOUT_ABANDONED")
        #expect(Scope.customAttributes.stored == "customAttributes")
        #expect(Scope.product.stored == "product")
        #expect(Scope.segment("vip-customers").stored == "segment:vip-customers")
        #expect(Scope.event(.purchases).stored == "event:purchases")
    }

    @Test(arguments: all) func everyScopeReadsBackAsItself(_ scope: Scope) {
        #expect(Scope(stored: scope.stored) == scope)
    }

    @Test(arguments: ["", "subscription:TEXT", "subscription:TEXT:MARKETING:x", "subscription:SMS:MARKETING", "subscriptions", "Product", "segment:", "event:", "event:orders"])
    func textNoVersionWroteIsNoScope(_ text: String) {
        #expect(Scope(stored: text) == nil)
    }

    @Test func eachScopeBelongsToItsTarget() {
        #expect(Self.all.map(\.target).filter { $0 == .subscriptions }.count == 6)
        #expect(Set(Self.all.map(\.target)) == Set(Target.allCases))
    }
}
