import Foundation
import Testing
@testable import SyncCore

@Suite struct ProductBuilderTests {
    let mapping = CatalogTestMapping.mapping()

    func build(_ rows: [(Int, [String: String])]) throws -> Result<ProductRecord, ProductRejection> {
        let builder = try ProductBuilder(mapping: mapping)
        return builder.build(CatalogTestMapping.group(rows.map { CatalogTestMapping.row(line: $0.0, $0.1, mapping: mapping) }))
    }

    func rejection(_ rows: [(Int, [String: String])]) throws -> ProductRejection? {
        guard case .failure(let rejection) = try build(rows) else { return nil }
        return rejection
    }

    @Test func groupsVariantRowsIntoAProduct() throws {
        let record = try build([
            (2, CatalogTestMapping.cells(product: "P1", variant: "V1", ["color": "Red", "size": "M", "price": "12.50", "compare_at_price": "15.00"])),
            (7, CatalogTestMapping.cells(product: "P1", variant: "V2", [
                "color": "Blue", "size": "M", "price": "+9.9", "available": "no", "inventory": "",
                "updated_at": "2026-11-03T09:30:00.250Z", "product_name": "Ignored: not the first row",
                "image_url": "https://cdn.example/P1-blue.jpg",
            ])),
            (9, CatalogTestMapping.cells(product: "P1", variant: "V3", ["color": "Red", "size": "", "tags": "ignored"])),
        ]).get()
        let product = record.product
        #expect(product.id == "P1")
        #expect(product.name == "Product P1")
        #expect(product.lastUpdated == "2026-11-03T09:30:00.250Z")
        #expect(product.categories == ["Apparel", "Tops"])
        #expect(product.tags == ["new", "sale"])
        #expect(product.attributes == [ProductAttribute(name: "Fabric", value: "Wool")])
        #expect(product.images?.map(\.src) == ["https://cdn.example/P1.jpg", "https://cdn.example/P1-blue.jpg"])
        #expect(product.productOptions == [
            ProductOption(name: "Color", position: 1, values: ["Red", "Blue"]),
            ProductOption(name: "Size", position: 2, values: ["M"]),
        ])
        #expect(product.variants.map(\.position) == [1, 2, 3])
        #expect(product.variants.map(\.id) == ["V1", "V2", "V3"])
        #expect(product.variants[0].prices == [ProductPrice(currencyCode: "USD", amount: "12.50", compareAtPrice: "15.00")])
        #expect(product.variants[1].prices[0].amount == "+9.9")
        #expect(product.variants[1].availableForPurchase == false)
        #expect(product.variants[1].inventoryQuantity == nil)
        #expect(product.variants[1].lastUpdated == "2026-11-03T09:30:00.250Z")
        #expect(product.variants[0].lastUpdated == "2026-11-01T08:00:00Z")
        #expect(product.variants[2].productOptionValues == [ProductOptionValue(productOptionName: "Color", value: "Red")])
        #expect(record.lines == [2, 7, 9])
    }

    @Test func theCatalogLineIsCompactJSONInAFixedOrder() throws {
        let record = try build([(2, CatalogTestMapping.cells(product: "P1", variant: "V1"))]).get()
        #expect(record.json == """
            {"id":"P1","name":"Product P1","description":"A \\"good\\" thing","link":"https://shop.example/P1",\
            "lastUpdated":"2026-11-01T08:00:00Z","categories":["Apparel","Tops"],"tags":["new","sale"],\
            "productOptions":[{"name":"Color","position":1,"values":["Red"]},{"name":"Size","position":2,"values":["M"]}],\
            "images":[{"src":"https://cdn.example/P1.jpg"}],"attributes":[{"name":"Fabric","value":"Wool"}],\
            "variants":[{"id":"V1","name":"Variant V1","lastUpdated":"2026-11-01T08:00:00Z","availableForPurchase":true,\
            "inventoryQuantity":5,"position":1,"prices":[{"currencyCode":"USD","amount":"12.50"}],\
            "productOptionValues":[{"productOptionName":"Color","value":"Red"},{"productOptionName":"Size","value":"M"}]}]}
            """)
        #expect(Product(catalogLine: record.json) == record.product)
        #expect(ProductDiff.product(fromLine: record.json)?.ndjsonLine == record.json)
    }

    @Test func everyProblemOfAProductIsReportedWithItsLine() throws {
        let rejection = try #require(try rejection([
            (4, CatalogTestMapping.cells(product: "P2", variant: "V1", ["product_name": "", "product_url": "ftp://x/P2"])),
            (5, CatalogTestMapping.cells(product: "P2", variant: "V2", ["inventory": "2.5", "available": "maybe", "price": "cheap"])),
            (8, CatalogTestMapping.cells(product: "P2", variant: "V1", ["updated_at": "yesterday"])),
        ]))
        #expect(rejection.productID == "P2")
        #expect(rejection.lines == [4, 5, 8])
        #expect(rejection.firstLine == 4)
        #expect(rejection.reasons == [
            "line 4: name (column product_name): empty",
            "line 4: link (column product_url) is not an http(s) URL",
            "line 8: lastUpdated (column updated_at): not a datetime (expected ISO 8601, e.g. 2026-11-23T08:00:00Z)",
            "line 5: availableForPurchase (column available): not a boolean (expected true/false, yes/no, y/n or 1/0)",
            "line 5: inventoryQuantity (column inventory): not an integer",
            "line 5: prices.0.amount (column price): not a number",
            "line 8: variant id repeats the variant of line 4",
        ])
        #expect(rejection.reason.hasPrefix("product held back: name (column product_name): empty; link (column product_url)"))
        #expect(!rejection.reason.contains("ftp://") && !rejection.reason.contains("line 4:"))
        // The same causes on other lines of another product group with these.
        #expect(rejection.reason.hasSuffix("; variant id repeats the variant of line 4"))
    }

    @Test func documentedLimits() throws {
        func reasons(_ overrides: [String: String]) throws -> [String] {
            try rejection([(2, CatalogTestMapping.cells(product: "P3", variant: "V1", overrides))])?.reasons ?? []
        }
        #expect(try reasons(["product_name": String(repeating: "n", count: 257)]) == ["line 2: name longer than 256 characters"])
        #expect(try reasons(["description": String(repeating: "d", count: 1025)]) == ["line 2: description longer than 1024 characters"])
        #expect(try reasons(["product_url": "https://x/" + String(repeating: "l", count: 2040)])
                == ["line 2: link (column product_url) longer than 2048 characters"])
        #expect(try reasons(["categories": (1...11).map { "c\($0)" }.joined(separator: "|")]) == ["line 2: 11 categories, at most 10 allowed"])
        #expect(try reasons(["tags": (1...51).map { "t\($0)" }.joined(separator: "|")]) == ["line 2: 51 tags, at most 50 allowed"])
        #expect(try reasons(["tags": String(repeating: "t", count: 65)]) == ["line 2: a tag longer than 64 characters"])
        #expect(try reasons(["product_id": String(repeating: "i", count: 257)]) == ["line 2: id longer than 256 characters"])
        #expect(try reasons(["image_url": "/relative.jpg"]) == ["line 2: images.src (column image_url) is not an http(s) URL"])
        #expect(try reasons(["tags": (1...50).map { "t\($0)" }.joined(separator: "|"), "categories": "a|b|c|d|e|f|g|h|i|j"]) == [])
    }

    @Test func atMostAHundredVariants() throws {
        let rows = (0..<101).map { (2 + $0, CatalogTestMapping.cells(product: "P4", variant: "V\($0)")) }
        #expect(try rejection(rows)?.reasons == ["line 2: 101 variants, at most 100 allowed"])
        #expect(try rejection(Array(rows.prefix(100))) == nil)

        var group = CatalogTestMapping.group(rows.map { CatalogTestMapping.row(line: $0.0, $0.1, mapping: mapping) })
        group.rowCount = 5000
        group.lastLine = 6000
        guard case .failure(let rejection) = try ProductBuilder(mapping: mapping).build(group) else {
            Issue.record("5000 variants went through")
            return
        }
        #expect(rejection.reasons == ["line 2: 5000 variant rows (lines 2–6000), at most 100 allowed"])
    }

    @Test func aVariantNeedsAPrice() throws {
        #expect(try rejection([(3, CatalogTestMapping.cells(product: "P5", variant: "V1", ["price": ""]))])?.reasons
                == ["line 3: prices.0.amount (column price): no price"])
    }
}
