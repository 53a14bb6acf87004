import Foundation

/// A product as a line of Attentive's catalog file: product fields, its options, images
/// and attributes, and its variants with their prices. Written by `ndjsonLine` in a fixed
/// member order (that text is what is uploaded, fingerprinted and kept in the state) and
/// read back from the state (`init(catalogLine:)`).
struct Product: Equatable, Sendable {
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
struct ProductOption: Equatable, Sendable {
    var name: String
    /// 1-based, in the order the mapping lists the options.
    var position: Int
    var values: [String]
}

struct ProductImage: Equatable, Sendable {
    var src: String
    var alt: String?
}

/// A named value, at product or variant level.
struct ProductAttribute: Equatable, Sendable {
    var name: String
    var value: String
}

/// One purchasable variant: one source row.
struct ProductVariant: Equatable, Sendable {
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
struct ProductPrice: Equatable, Sendable {
    var currencyCode: String
    var amount: String
    var compareAtPrice: String?
}

/// A variant's value of one product option.
struct ProductOptionValue: Equatable, Sendable {
    var productOptionName: String
    var value: String
}
