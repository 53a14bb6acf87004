import Foundation

/// A product as a line of Attentive's catalog file: product fields, its options, images
/// and attributes, and its variants with their prices. Written by `ndjsonLine` in a fixed
/// member order (that text is what is uploaded, fingerprinted and kept in the state) and
/// read back from the state with `Codable` (`init(catalogLine:)`).
struct Product: Codable, Equatable, Sendable {
    var id: String
    var name: String
    var description: String?
    var brand: String?
    var link: String
    var lastUpdated: String
    var categories: [String]?
    var tags: [String]?
    var productOptions: [ProductOption]?
    var images: [ProductImage]?
    var attributes: [ProductAttribute]?
    var variants: [ProductVariant]
}

/// An option such as `Color`, with every value its variants take, in order of first use.
struct ProductOption: Codable, Equatable, Sendable {
    var name: String
    /// 1-based, in the order the mapping lists the options.
    var position: Int
    var values: [String]
}

struct ProductImage: Codable, Equatable, Sendable {
    var src: String
    var alt: String?
}

/// A named value, at product or variant level.
struct ProductAttribute: Codable, Equatable, Sendable {
    var name: String
    var value: String
}

/// One purchasable variant: one source row.
struct ProductVariant: Codable, Equatable, Sendable {
    var id: String
    var name: String
    var link: String?
    var lastUpdated: String
    var availableForPurchase: Bool
    var inventoryQuantity: Int?
    /// 1-based, in source order.
    var position: Int
    var prices: [ProductPrice]
    var productOptionValues: [ProductOptionValue]?
    var attributes: [ProductAttribute]?
}

/// A price; amounts are decimal strings exactly as the source writes them.
struct ProductPrice: Codable, Equatable, Sendable {
    var currencyCode: String
    var amount: String
    var compareAtPrice: String?
}

/// A variant's value of one product option.
struct ProductOptionValue: Codable, Equatable, Sendable {
    var productOptionName: String
    var value: String
}

extension Product {
    /// Reads back a catalog line as the state keeps it; nil when it is not one.
    init?(catalogLine line: String) {
        guard let product = try? JSONDecoder().decode(Product.self, from: Data(line.utf8)) else { return nil }
        self = product
    }
}
