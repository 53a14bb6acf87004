/// The events the fake received (`/events/custom`, `/events/ecommerce/*`), in order. A custom
/// event repeating an `externalEventId` is dropped, as Attentive drops it (`deduplicated`); an
/// eCommerce event has no id, so one repeating an earlier one's whole body is kept and counted
/// (`duplicates`): the person would get a second message.
public struct EventStore: Sendable {
    public struct Event: Sendable {
        /// `custom`, `purchase`, `add-to-cart` or `product-view`.
        public var kind: String
        public var body: JSONValue
    }

    public private(set) var events: [Event] = []
    /// eCommerce events received again: a second post-purchase message.
    public private(set) var duplicates = 0
    /// Custom events dropped for an `externalEventId` already received.
    public private(set) var deduplicated = 0
    private var seen: Set<JSONValue> = []

    public init() {}

    mutating func receive(kind: String, body: JSONValue) {
        let identity: JSONValue = if kind == "custom", let id = body["externalEventId"] { ["custom": id] } else { ["kind": .string(kind), "body": body] }
        if !seen.insert(identity).inserted {
            if kind == "custom" {
                deduplicated += 1
                return
            }
            duplicates += 1
        }
        events.append(Event(kind: kind, body: body))
    }

    /// `GET /_mock/events`: `[{kind, body}]` in the order received.
    var inspection: JSONValue {
        .array(events.map { ["kind": .string($0.kind), "body": $0.body] })
    }
}
