import Foundation

/// A temporary folder holding an order-line export and an events mapping that reads it: a
/// custom event per line (`Line Packed`, its id derived from order and line) and a purchase per order.
final class EventFixture {
    let directory: URL
    var mappingPath: String { directory.appendingPathComponent("events.json").path }
    var csvPath: String { directory.appendingPathComponent("orders.csv").path }
    var statePath: String { directory.appendingPathComponent("state.sqlite").path }

    static let header = "order_id,line,phone,email,ordered_at,product_id,variant_id,product_name,quantity,price,currency,event_type"

    /// What the fixture's times are relative to: fixed, so an export written again says the same.
    let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60)

    init() {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("attentive-sync-events-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    static func orderID(_ index: Int) -> String { String(format: "O%06d", index) }
    /// Order `index` has 1 to 3 lines.
    static func lineCount(_ index: Int) -> Int { 1 + index % 3 }
    static func lines(orders: Range<Int>) -> Int { orders.reduce(0) { $0 + lineCount($1) } }

    /// `ordered_at` text for a moment `hoursAgo` before `now` (negative: ahead).
    func time(hoursAgo: Double) -> String {
        now.addingTimeInterval(-hoursAgo * 3600).formatted(.iso8601)
    }

    /// Orders `orders`, each line one row, placed `hoursAgo(order)` before now; `price(order)`
    /// each line's price, `type(order)` its custom event type cell.
    func writeOrders(_ orders: Range<Int>, hoursAgo: (Int) -> Double = { Double($0 % 6) },
                     price: (Int) -> String = { "\(10 + $0).50" }, type: (Int) -> String = { _ in "Line Packed" }) {
        var csv = Self.header + "\n"
        for order in orders {
            let time = time(hoursAgo: hoursAgo(order))
            for line in 1...Self.lineCount(order) {
                let product = String(format: "P%03d", (order + line) % 7)
                csv += [Self.orderID(order), "\(line)", SyncFixture.phone(order % 400), "customer.\(order % 400)@example.com", time,
                        product, "\(Self.orderID(order))-\(line)", "\"Product \(product), M\"", "\(line)", price(order), "USD", type(order)]
                    .joined(separator: ",") + "\n"
            }
        }
        try! Data(csv.utf8).write(to: URL(fileURLWithPath: csvPath))
    }

    /// The mapping; `extra` adds top-level members (`"maxAge": "48h"`), `type` is the custom event's type reference.
    func writeMapping(type: String = #"{"value": "Line Packed"}"#, extra: String = "", source: String = #"{"csv": {"path": "orders.csv"}}"#) {
        let mapping = """
            {"name": "orders", "source": \(source),
             "identity": {"phone": "phone", "email": "email"},
             "customEvents": [{"type": \(type), "occurredAt": {"column": "ordered_at", "type": "datetime"},
                               "externalEventId": {"from": ["order_id", "line"]},
                               "properties": {"Order Id": "order_id", "Quantity": {"column": "quantity", "type": "integer"}}}],
             "purchases": {"orderId": "order_id", "occurredAt": {"column": "ordered_at", "type": "datetime"},
                           "item": {"productId": "product_id", "productVariantId": "variant_id", "name": "product_name",
                                    "quantity": {"column": "quantity", "type": "integer"},
                                    "price": {"value": {"column": "price", "type": "number"}, "currency": "currency"}}}\(extra)}
            """
        try! Data(mapping.utf8).write(to: URL(fileURLWithPath: mappingPath))
    }

    func run(_ command: String, _ arguments: [String] = [], environment: [String: String] = [:]) throws -> CommandResult {
        try attentiveSync([command, mappingPath, "--state", statePath] + arguments, environment: environment)
    }
}

extension MockProcess {
    /// `/_mock/events`: `(kind, body)` in the order received.
    func events() async throws -> [(kind: String, body: [String: Any])] {
        let list = try await inspect("/_mock/events") as? [[String: Any]] ?? []
        return list.map { ($0["kind"] as? String ?? "", $0["body"] as? [String: Any] ?? [:]) }
    }

    /// The order ids of the purchases received, each as often as received.
    func purchasedOrders() async throws -> [String] {
        try await events().filter { $0.kind == "purchase" }.compactMap { purchase in
            // A purchase's body has no order id: in the fixture, its items' variant ids start with it.
            ((purchase.body["items"] as? [[String: Any]])?.first?["productVariantId"] as? String)?.split(separator: "-").first.map(String.init)
        }
    }
}
