import Foundation

/// A catalog line read back from the state, as `Codable` would read it (unknown members
/// ignored, an absent or null optional member nil, anything else malformed making the line
/// unreadable) but through `JSONParser`: the plan of a changed catalog reads one line per
/// changed product, and `JSONDecoder` took a quarter of the time spent building products.
extension Product {
    /// Reads back a catalog line as the state keeps it; nil when it is not one.
    init?(catalogLine line: String) {
        guard let json = try? JSONParser.parse(Data(line.utf8)), let product = Product(json) else { return nil }
        self = product
    }

    fileprivate init?(_ json: JSONValue) {
        guard let o = CatalogMembers(json),
              let id = o.required(String.self, "id"), let name = o.required(String.self, "name"),
              let link = o.required(String.self, "link"), let lastUpdated = o.required(String.self, "lastUpdated"),
              let variants = o.required([ProductVariant].self, "variants"),
              let description = o.optional(String.self, "description"), let brand = o.optional(String.self, "brand"),
              let categories = o.optional([String].self, "categories"), let tags = o.optional([String].self, "tags"),
              let productOptions = o.optional([ProductOption].self, "productOptions"),
              let images = o.optional([ProductImage].self, "images"),
              let attributes = o.optional([ProductAttribute].self, "attributes")
        else { return nil }
        self.init(id: id, name: name, description: description, brand: brand, link: link, lastUpdated: lastUpdated,
                  categories: categories, tags: tags, productOptions: productOptions, images: images,
                  attributes: attributes, variants: variants)
    }
}

/// A value a catalog line holds.
private protocol CatalogValue {
    init?(_ json: JSONValue)
}

/// An object's members, each read as the type asked for.
private struct CatalogMembers {
    let members: [String: JSONValue]

    init?(_ json: JSONValue) {
        guard case .object(let members) = json else { return nil }
        self.members = members
    }

    /// nil when the member is absent, null or not a `T`.
    func required<T: CatalogValue>(_: T.Type, _ name: String) -> T? {
        members[name].flatMap(T.init)
    }

    /// `.some(nil)` when the member is absent or null; nil when it is not a `T`.
    func optional<T: CatalogValue>(_: T.Type, _ name: String) -> T?? {
        guard let value = members[name], value != .null else { return .some(nil) }
        return T(value).map { .some($0) }
    }
}

extension String: CatalogValue {
    fileprivate init?(_ json: JSONValue) {
        guard case .string(let text) = json else { return nil }
        self = text
    }
}

extension Int: CatalogValue {
    fileprivate init?(_ json: JSONValue) {
        guard case .number(let text) = json, let value = Int(text) else { return nil }
        self = value
    }
}

extension Bool: CatalogValue {
    fileprivate init?(_ json: JSONValue) {
        guard case .bool(let value) = json else { return nil }
        self = value
    }
}

extension Array: CatalogValue where Element: CatalogValue {
    fileprivate init?(_ json: JSONValue) {
        guard case .array(let values) = json else { return nil }
        var elements: [Element] = []
        elements.reserveCapacity(values.count)
        for value in values {
            guard let element = Element(value) else { return nil }
            elements.append(element)
        }
        self = elements
    }
}

extension ProductOption: CatalogValue {
    fileprivate init?(_ json: JSONValue) {
        guard let o = CatalogMembers(json), let name = o.required(String.self, "name"),
              let position = o.required(Int.self, "position"), let values = o.required([String].self, "values")
        else { return nil }
        self.init(name: name, position: position, values: values)
    }
}

extension ProductImage: CatalogValue {
    fileprivate init?(_ json: JSONValue) {
        guard let o = CatalogMembers(json), let src = o.required(String.self, "src"), let alt = o.optional(String.self, "alt")
        else { return nil }
        self.init(src: src, alt: alt)
    }
}

extension ProductAttribute: CatalogValue {
    fileprivate init?(_ json: JSONValue) {
        guard let o = CatalogMembers(json), let name = o.required(String.self, "name"), let value = o.required(String.self, "value")
        else { return nil }
        self.init(name: name, value: value)
    }
}

extension ProductVariant: CatalogValue {
    fileprivate init?(_ json: JSONValue) {
        guard let o = CatalogMembers(json),
              let id = o.required(String.self, "id"), let name = o.required(String.self, "name"),
              let lastUpdated = o.required(String.self, "lastUpdated"),
              let availableForPurchase = o.required(Bool.self, "availableForPurchase"),
              let position = o.required(Int.self, "position"), let prices = o.required([ProductPrice].self, "prices"),
              let link = o.optional(String.self, "link"), let inventoryQuantity = o.optional(Int.self, "inventoryQuantity"),
              let productOptionValues = o.optional([ProductOptionValue].self, "productOptionValues"),
              let attributes = o.optional([ProductAttribute].self, "attributes")
        else { return nil }
        self.init(id: id, name: name, link: link, lastUpdated: lastUpdated, availableForPurchase: availableForPurchase,
                  inventoryQuantity: inventoryQuantity, position: position, prices: prices,
                  productOptionValues: productOptionValues, attributes: attributes)
    }
}

extension ProductPrice: CatalogValue {
    fileprivate init?(_ json: JSONValue) {
        guard let o = CatalogMembers(json), let currencyCode = o.required(String.self, "currencyCode"),
              let amount = o.required(String.self, "amount"), let compareAtPrice = o.optional(String.self, "compareAtPrice")
        else { return nil }
        self.init(currencyCode: currencyCode, amount: amount, compareAtPrice: compareAtPrice)
    }
}

extension ProductOptionValue: CatalogValue {
    fileprivate init?(_ json: JSONValue) {
        guard let o = CatalogMembers(json), let name = o.required(String.self, "productOptionName"),
              let value = o.required(String.self, "value")
        else { return nil }
        self.init(productOptionName: name, value: value)
    }
}
