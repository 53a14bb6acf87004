import Testing
@testable import SyncCore

/// A catalog line the state keeps is read back into the product that wrote it, and a line
/// that is not one reads as nothing.
struct ProductCatalogLineTests {
    /// Every optional field given, with text that must be unescaped.
    static let full = Product(
        id: "P\"1", name: "Caf\u{E9} \\ tee", description: "line\nbreak", brand: "B\u{1F600}", link: "https://x/P1",
        lastUpdated: "2026-11-01T08:00:00Z", categories: ["A", "B"], tags: [],
        productOptions: [ProductOption(name: "Color", position: 1, values: ["Red", "Blue"])],
        images: [ProductImage(src: "https://x/1.jpg", alt: "front"), ProductImage(src: "https://x/2.jpg", alt: nil)],
        attributes: [ProductAttribute(name: "Fabric", value: "Wool")],
        variants: [
            ProductVariant(id: "V1", name: "Red", link: "https://x/V1", lastUpdated: "2026-11-01T08:00:00Z",
                           availableForPurchase: true, inventoryQuantity: -3, position: 1,
                           prices: [ProductPrice(currencyCode: "USD", amount: "12.50", compareAtPrice: "15.00")],
                           productOptionValues: [ProductOptionValue(productOptionName: "Color", value: "Red")],
                           attributes: [ProductAttribute(name: "Fit", value: "Slim")]),
            ProductVariant(id: "V2", name: "Blue", link: nil, lastUpdated: "2026-11-02T08:00:00Z",
                           availableForPurchase: false, inventoryQuantity: nil, position: 2,
                           prices: [ProductPrice(currencyCode: "EUR", amount: "9", compareAtPrice: nil)],
                           productOptionValues: nil, attributes: nil),
        ])

    /// Only what is required.
    static let bare = Product(
        id: "P2", name: "Plain", description: nil, brand: nil, link: "https://x/P2", lastUpdated: "2026-11-01T08:00:00Z",
        categories: nil, tags: nil, productOptions: nil, images: nil, attributes: nil,
        variants: [ProductVariant(id: "V1", name: "One", link: nil, lastUpdated: "2026-11-01T08:00:00Z",
                                  availableForPurchase: true, inventoryQuantity: nil, position: 1, prices: [],
                                  productOptionValues: nil, attributes: nil)])

    @Test(arguments: [full, bare])
    func aLineReadsBackAsTheProductThatWroteIt(product: Product) {
        #expect(Product(catalogLine: product.ndjsonLine) == product)
    }

    @Test func unknownMembersAreIgnoredAndNullOptionalsAreAbsent() throws {
        let line = #"{"id":"P2","name":"Plain","brand":null,"extra":{"a":[1]},"link":"https://x/P2","lastUpdated":"2026-11-01T08:00:00Z","#
            + #""variants":[{"id":"V1","name":"One","lastUpdated":"2026-11-01T08:00:00Z","availableForPurchase":true,"#
            + #""inventoryQuantity":null,"position":1,"prices":[],"more":true}]}"#
        #expect(Product(catalogLine: line) == Self.bare)
    }

    /// The lines below, each without its flaw.
    @Test(arguments: [
        #"{"id":"P2","name":"Plain","link":"https://x/P2","lastUpdated":"t","tags":["a"],"variants":[]}"#,
        #"{"id":"P2","name":"Plain","link":"https://x/P2","lastUpdated":"t","variants":[{"id":"V1","name":"One","lastUpdated":"t","availableForPurchase":true,"position":1,"prices":[]}]}"#,
    ])
    func theFlawlessLinesRead(line: String) {
        #expect(Product(catalogLine: line) != nil)
    }

    @Test(arguments: [
        "",
        "not json",
        "[]",
        // A required member missing: the variant's position.
        #"{"id":"P2","name":"Plain","link":"https://x/P2","lastUpdated":"t","variants":[{"id":"V1","name":"One","lastUpdated":"t","availableForPurchase":true,"prices":[]}]}"#,
        // A required member null.
        #"{"id":null,"name":"Plain","link":"https://x/P2","lastUpdated":"t","variants":[]}"#,
        // An optional member of the wrong type.
        #"{"id":"P2","name":"Plain","brand":7,"link":"https://x/P2","lastUpdated":"t","variants":[]}"#,
        // A number that is not an integer, an array element of the wrong type.
        #"{"id":"P2","name":"Plain","link":"https://x/P2","lastUpdated":"t","variants":[{"id":"V1","name":"One","lastUpdated":"t","availableForPurchase":true,"position":1.5,"prices":[]}]}"#,
        #"{"id":"P2","name":"Plain","link":"https://x/P2","lastUpdated":"t","tags":["a",1],"variants":[]}"#,
    ])
    func aLineThatIsNotAProductReadsAsNothing(line: String) {
        #expect(Product(catalogLine: line) == nil)
    }
}
