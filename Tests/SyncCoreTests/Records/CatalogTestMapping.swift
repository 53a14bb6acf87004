import Foundation
@testable import SyncCore

/// The catalog mapping the unit tests share, and rows for it.
enum CatalogTestMapping {
    static let columns = ["product_id", "product_name", "product_url", "updated_at", "description", "categories", "tags",
                          "image_url", "fabric", "variant_id", "variant_name", "available", "inventory", "price", "compare_at_price",
                          "color", "size"]

    static func json(csvPath: String, onRemoved: String = "ignore") -> String {
        """
        {"name": "test", "source": {"csv": {"path": "\(csvPath)"}},
         "catalog": {
           "product": {"id": "product_id", "name": "product_name", "link": "product_url", "lastUpdated": "updated_at",
                       "description": "description", "categories": {"column": "categories", "split": "|"},
                       "tags": {"column": "tags", "split": "|"}, "images": [{"src": "image_url"}], "attributes": {"Fabric": "fabric"}},
           "variant": {"id": "variant_id", "name": "variant_name", "availableForPurchase": "available", "inventoryQuantity": "inventory",
                       "prices": [{"currencyCode": {"value": "USD"}, "amount": "price", "compareAtPrice": "compare_at_price"}],
                       "options": [{"name": "Color", "column": "color"}, {"name": "Size", "column": "size"}]}
         },
         "onRemoved": {"catalog": "\(onRemoved)"}}
        """
    }

    static func mapping(csvPath: String = "/dev/null", onRemoved: String = "ignore") -> CatalogMapping {
        guard case .catalog(let mapping) = try! MappingLoader.parseAny(Data(json(csvPath: csvPath, onRemoved: onRemoved).utf8),
                                                                      file: "test.json", baseDirectory: "")
        else { fatalError("not a catalog mapping") }
        return mapping
    }

    /// A variant row's cells by column; anything not given is a valid default.
    static func cells(product: String, variant: String, _ overrides: [String: String] = [:]) -> [String: String] {
        var cells = [
            "product_id": product, "product_name": "Product \(product)", "product_url": "https://shop.example/\(product)",
            "updated_at": "2026-11-01T08:00:00Z", "description": "A \"good\" thing", "categories": "Apparel|Tops",
            "tags": "new|sale", "image_url": "https://cdn.example/\(product).jpg", "fabric": "Wool",
            "variant_id": variant, "variant_name": "Variant \(variant)", "available": "true", "inventory": "5",
            "price": "12.50", "compare_at_price": "", "color": "Red", "size": "M",
        ]
        cells.merge(overrides) { _, new in new }
        return cells
    }

    /// The row as the planner hands it to the builder: cut down to the mapping's columns.
    static func row(line: Int, _ cells: [String: String], mapping: CatalogMapping = mapping()) -> VariantRow {
        VariantRow(line: line, fields: mapping.referencedColumns.map { cells[$0] ?? "" })
    }

    static func group(_ rows: [VariantRow]) -> ProductRows {
        ProductRows(productID: rows[0].productID, rows: rows, rowCount: rows.count, lastLine: rows.last!.line)
    }

    /// A CSV file of these rows.
    static func csv(_ rows: [[String: String]]) -> String {
        var text = columns.joined(separator: ",") + "\n"
        for row in rows {
            text += columns.map { column in
                let value = row[column] ?? ""
                return value.contains(where: { ",\"\n".contains($0) }) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
            }.joined(separator: ",") + "\n"
        }
        return text
    }
}
