import Foundation

/// A temporary folder holding a catalog export (one row per variant) and a catalog mapping.
final class CatalogFixture {
    let directory: URL
    var mappingPath: String { directory.appendingPathComponent("catalog.json").path }
    var csvPath: String { directory.appendingPathComponent("catalog.csv").path }
    var statePath: String { directory.appendingPathComponent("state.sqlite").path }
    var reportPath: String { directory.appendingPathComponent("report.json").path }

    static let header = "product_id,product_name,product_url,updated_at,categories,tags,image_url,fabric,"
        + "variant_id,variant_name,color,size,price,compare_at_price,inventory,available"

    init() {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("attentive-sync-catalog-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    static func productID(_ index: Int) -> String { String(format: "P%04d", index) }

    /// How a product's rows go wrong on purpose.
    enum Fault {
        /// The product link is not http(s).
        case ftpLink
        /// The first row (where product fields come from) has no name.
        case noName
        /// The second variant's inventory is not an integer.
        case badInventory
    }

    /// The rows of `count` products with 1-3 variants each; `changed` products have a new price on
    /// their first variant; `removed` ones are left out. With `interleaved`, every product's rows
    /// are spread through the file. Returns the source lines of each product's rows.
    @discardableResult
    func writeCatalog(count: Int, changed: Set<Int> = [], removed: Set<Int> = [], faults: [Int: Fault] = [:],
                      interleaved: Bool = false) -> [String: [Int]] {
        var rows: [(product: String, text: String)] = []
        for index in 0..<count where !removed.contains(index) {
            let id = Self.productID(index)
            let fault = faults[index]
            for variant in 0..<(1 + index % 3) {
                let price = changed.contains(index) && variant == 0 ? "9.99" : "\(10 + index).50"
                let name = fault == .noName && variant == 0 ? "" : "Product \(index)"
                let link = fault == .ftpLink ? "ftp://shop.example/\(id)" : "https://shop.example/\(id)"
                let inventory = fault == .badInventory && variant == 1 ? "many" : "\(index * 3 + variant)"
                let updated = changed.contains(index) ? "2026-11-02T08:00:00Z" : "2026-11-01T08:00:00Z"
                rows.append((id, [
                    id, name, link, updated, "Apparel|Tops", "new|sale", "https://cdn.example/\(id)-\(variant).jpg", "Wool",
                    "\(id)-\(variant)", "\"Product \(index), variant \(variant)\"", ["Red", "Blue", "Olive"][variant], "M", price, "",
                    inventory, variant == 2 ? "no" : "yes",
                ].joined(separator: ",")))
            }
        }
        if interleaved {
            // Deterministic spread: first rows of every product, then second rows, then third.
            var byVariant: [[(product: String, text: String)]] = [[], [], []]
            var seen: [String: Int] = [:]
            for row in rows {
                let variant = seen[row.product, default: 0]
                seen[row.product] = variant + 1
                byVariant[variant].append(row)
            }
            rows = byVariant.flatMap { $0.reversed() }
        }
        var lines: [String: [Int]] = [:]
        for (offset, row) in rows.enumerated() { lines[row.product, default: []].append(offset + 2) }
        write(([Self.header] + rows.map(\.text)).joined(separator: "\n") + "\n", to: csvPath)
        return lines
    }

    func writeMapping(validateOnly: Bool = false, onRemoved: String = "ignore") {
        write("""
            {"name": "catalog-it", "source": {"csv": {"path": "catalog.csv"}},
             "catalog": {
               "validateOnly": \(validateOnly),
               "product": {"id": "product_id", "name": "product_name", "link": "product_url", "lastUpdated": "updated_at",
                           "categories": {"column": "categories", "split": "|"}, "tags": {"column": "tags", "split": "|"},
                           "images": [{"src": "image_url"}], "attributes": {"Fabric": "fabric"}},
               "variant": {"id": "variant_id", "name": "variant_name",
                           "availableForPurchase": {"column": "available", "type": "boolean"},
                           "inventoryQuantity": {"column": "inventory", "type": "integer"},
                           "prices": [{"currencyCode": {"value": "USD"}, "amount": "price", "compareAtPrice": "compare_at_price"}],
                           "options": {"Color": "color", "Size": "size"}}
             },
             "onRemoved": {"catalog": "\(onRemoved)"}}
            """, to: mappingPath)
    }

    func write(_ text: String, to path: String) {
        try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// `attentive-sync COMMAND catalog.json --state …` plus `arguments`; `run` polls quickly.
    func run(_ command: String, _ arguments: [String] = [], environment: [String: String] = [:]) throws -> CommandResult {
        let fast = command == "run" ? ["--poll-interval", "0.02", "--upload-rate", "20"] : []
        return try attentiveSync([command, mappingPath, "--state", statePath] + fast + arguments, environment: environment)
    }

    /// The report `run --report` wrote.
    func report() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: reportPath))) as? [String: Any] ?? [:]
    }
}

/// One catalog upload as attentive-mock saw it (`/_mock/catalog`).
struct MockCatalogUpload {
    var json: [String: Any]

    var status: String { json["status"] as? String ?? "" }
    var validateOnly: Bool { json["validateOnly"] as? Bool ?? false }
    var errors: [[String: Any]] { json["errors"] as? [[String: Any]] ?? [] }
    var products: [[String: Any]] { json["products"] as? [[String: Any]] ?? [] }
    var productIDs: [String] { products.compactMap { $0["id"] as? String } }
}

extension MockProcess {
    /// `/_mock/catalog`: every upload, in order.
    func catalogUploads() async throws -> [MockCatalogUpload] {
        (try await inspect("/_mock/catalog") as? [[String: Any]] ?? []).map(MockCatalogUpload.init)
    }
}
