/// The events the fake received (`/events/custom`, `/events/ecommerce/*`), in order, and how
/// many of them repeated one received before: a custom event by its `externalEventId`, an
/// eCommerce event (which has no id) by its whole body.
public struct EventStore: Sendable {
    public struct Event: Sendable {
        /// `custom`, `purchase`, `add-to-cart` or `product-view`.
        public var kind: String
        public var body: JSONValue
    }

    public private(set) var events: [Event] = []
    /// Events received again: a second post-purchase message, were Attentive not to deduplicate.
    public private(set) var duplicates = 0
    private var seen: Set<JSONValue> = []

    public init() {}

    mutating func receive(kind: String, body: JSONValue) {
        let identity: JSONValue = if kind == "custom", let id = body["externalEventId"] { ["custom": id] } else { ["kind": .string(kind), "body": body] }
        if !seen.insert(identity).inserted { duplicates += 1 }
        events.append(Event(kind: kind, body: body))
    }

    /// `GET /_mock/events`: `[{kind, body}]` in the order received.
    var inspection: JSONValue {
        .array(events.map { ["kind": .string($0.kind), "body": $0.body] })
    }
}
