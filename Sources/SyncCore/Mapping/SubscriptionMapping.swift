/// One subscription entry: a channel and type, the sign-up source Attentive files it under,
/// and the boolean column that says whether the person opted in.
public struct SubscriptionMapping: Sendable, Equatable {
    public enum Channel: String, Sendable, CaseIterable {
        case text = "TEXT", email = "EMAIL"
    }

    public enum Kind: String, Sendable, CaseIterable {
        case marketing = "MARKETING", transactional = "TRANSACTIONAL", checkoutAbandoned = "CHECKOUT_ABANDONED"
    }

    public var channel: Channel
    public var type: Kind
    public var signUpSourceId: String
    /// Read as a boolean: true subscribes, false unsubscribes, empty does nothing.
    public var optIn: ValueReference
    /// Ask Attentive (`GET /subscriptions`) about a key first seen opted-out, and unsubscribe it if subscribed.
    public var unsubscribeUnknown: Bool

    public init(channel: Channel, type: Kind, signUpSourceId: String, optIn: ValueReference, unsubscribeUnknown: Bool = false) {
        self.channel = channel
        self.type = type
        self.signUpSourceId = signUpSourceId
        self.optIn = optIn
        self.unsubscribeUnknown = unsubscribeUnknown
    }

    /// The state scope of this entry: one subscription status per key.
    public var scope: Scope { .subscription(channel, type) }
}

/// Identifiers to link to the person: sent to `POST /identity-resolution/user-identifiers`.
public struct IdentityLinksMapping: Sendable, Equatable {
    /// A named link: `clientUserId`, `shopifyId`, `klaviyoId`, or `customIdentifiers.NAME`.
    public struct Link: Sendable, Equatable {
        public var name: String
        public var value: ValueReference

        public init(name: String, value: ValueReference) {
            self.name = name
            self.value = value
        }
    }

    public static let customPrefix = "customIdentifiers."

    /// Sorted by name.
    public var links: [Link]

    public init(links: [Link]) {
        self.links = links.sorted { $0.name < $1.name }
    }
}
