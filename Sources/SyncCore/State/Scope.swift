/// A target's slice of the state, where its records are kept per key. Stored as text:
/// `customAttributes`, `identityLinks`, `subscription:CHANNEL:TYPE` (one per subscription entry),
/// `product`, `segment:EXTERNAL_ID` (one per segment).
public enum Scope: Hashable, Sendable {
    case customAttributes
    case identityLinks
    case subscription(SubscriptionMapping.Channel, SubscriptionMapping.Kind)
    case product
    case segment(String)

    /// The scope as the state stores it.
    public var stored: String {
        switch self {
        case .customAttributes: "customAttributes"
        case .identityLinks: "identityLinks"
        case .subscription(let channel, let type): "subscription:\(channel.rawValue):\(type.rawValue)"
        case .product: "product"
        case .segment(let externalId): "segment:" + externalId
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
        }
    }
}
