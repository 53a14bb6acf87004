/// A kind of event a mapping sends: its mapping key, its target, its endpoint and its scope in
/// the state (`event:KIND`, keyed by the event's id: the `externalEventId`, or the order id).
public enum EventKind: String, Sendable, CaseIterable {
    case customEvents, purchases, addToCart, productViews

    /// The kinds grouped per order, with no id on Attentive's side.
    static let ecommerce: [EventKind] = [.purchases, .addToCart, .productViews]

    public var target: Target {
        switch self {
        case .customEvents: .customEvents
        case .purchases: .purchases
        case .addToCart: .addToCart
        case .productViews: .productViews
        }
    }

    public var endpoint: Endpoint {
        switch self {
        case .customEvents: .customEvents
        case .purchases: .purchaseEvents
        case .addToCart: .addToCartEvents
        case .productViews: .productViewEvents
        }
    }

    /// Whether Attentive takes the event's id and drops a repeat: custom events only. An
    /// eCommerce event whose answer was lost is never sent again unless the operator says so.
    public var deduplicated: Bool { self == .customEvents }
}

extension Endpoint {
    /// Events share one budget (`events`, 150/s), as Attentive documents.
    public static let customEvents = Endpoint(name: "events", method: "POST", path: "/events/custom", rateLimit: 150)
    public static let purchaseEvents = Endpoint(name: "events", method: "POST", path: "/events/ecommerce/purchase", rateLimit: 150)
    public static let addToCartEvents = Endpoint(name: "events", method: "POST", path: "/events/ecommerce/add-to-cart", rateLimit: 150)
    public static let productViewEvents = Endpoint(name: "events", method: "POST", path: "/events/ecommerce/product-view", rateLimit: 150)
}

extension TargetDescription {
    static let customEvents = TargetDescription(name: "customEvents", createWord: "send", endpoints: [.customEvents])
    /// A lost answer leaves an eCommerce event unknown: an intent is recorded before its request.
    static let purchases = TargetDescription(name: "purchases", createWord: "send", endpoints: [.purchaseEvents], needsIntent: true)
    static let addToCart = TargetDescription(name: "addToCart", createWord: "send", endpoints: [.addToCartEvents], needsIntent: true)
    static let productViews = TargetDescription(name: "productViews", createWord: "send", endpoints: [.productViewEvents], needsIntent: true)
}

extension Target {
    public static let customEvents = Target(.customEvents)
    public static let purchases = Target(.purchases)
    public static let addToCart = Target(.addToCart)
    public static let productViews = Target(.productViews)

    /// The event kind whose records this target holds; nil for a target that is not events.
    public var eventKind: EventKind? { EventKind.allCases.first { $0.target == self } }
}
