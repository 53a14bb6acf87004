/// A target's slice of the state, where its records are kept per key. Stored as text:
/// `customAttributes`, `identityLinks`, `subscription:CHANNEL:TYPE` (one per subscription entry),
/// `product`, `segment:EXTERNAL_ID` (one per segment), `event:KIND` (`EventKind`, keyed by event id).
public enum Scope: Hashable, Sendable {
    case customAttributes
    case identityLinks
    case subscription(SubscriptionMapping.Channel, SubscriptionMapping.Kind)
    case product
    case segment(String)
    case event(EventKind)

    /// The scope as the state stores it.
    public var stored: String {
        switch self {
        case .customAttributes: "customAttributes"
        case .identityLinks: "identityLinks"
        case .subscription(let channel, let type): "subscription:\(channel.rawValue):\(type.rawValue)"
        case .product: "product"
        case .segment(let externalId): "segment:" + externalId
        case .event(let kind): "event:" + kind.rawValue
        }
    }

    /// The scope stored as `text`; nil for text no version of this tool wrote.
    public init?(stored text: String) {
        switch text {
        case "customAttributes": self = .customAttributes
        case "identityLinks": self = .identityLinks
        case "product": self = .product
        case let text where text.hasPrefix("segment:") && text.count > "segment:".count:
            self = .segment(String(text.dropFirst("segment:".count)))
        case let text where text.hasPrefix("event:"):
            guard let kind = EventKind(rawValue: String(text.dropFirst("event:".count))) else { return nil }
            self = .event(kind)
        default:
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "subscription",
                  let channel = SubscriptionMapping.Channel(rawValue: String(parts[1])),
                  let type = SubscriptionMapping.Kind(rawValue: String(parts[2]))
            else { return nil }
            self = .subscription(channel, type)
        }
    }

    /// The target whose records the scope holds.
    public var target: Target {
        switch self {
        case .customAttributes: .customAttributes
        case .identityLinks: .identityLinks
        case .subscription: .subscriptions
        case .product: .products
        case .segment: .segments
        case .event(let kind): kind.target
        }
    }
}
