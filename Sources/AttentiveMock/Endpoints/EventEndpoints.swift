/// `POST /events/custom` and `POST /events/ecommerce/{purchase|add-to-cart|product-view}`:
/// the event is kept (`EventStore`); 200 with an empty body.
struct EventEndpoint: MockEndpoint {
    let operationID: String
    /// How the store files the event.
    let kind: String

    static let custom = EventEndpoint(operationID: "postCustomEvents", kind: "custom")
    static let purchase = EventEndpoint(operationID: "postPurchaseEvents", kind: "purchase")
    static let addToCart = EventEndpoint(operationID: "postAddToCartEvents", kind: "add-to-cart")
    static let productView = EventEndpoint(operationID: "postProductViewEvents", kind: "product-view")

    func respond(to call: EndpointCall, store: MockStore) async -> EndpointReply {
        do throws(RuleViolation) {
            _ = try UserRules.contact(of: call.body?["user"])
            if kind == "custom" { try EventRules.checkCustomEvent(call.body) }
            await store.receiveEvent(kind: kind, body: call.body ?? .null)
            return .success()
        } catch {
            return .refused(error)
        }
    }
}
