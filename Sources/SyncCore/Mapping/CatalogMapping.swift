/// A product catalog mapping: the source has one row per variant, and rows are grouped
/// into Attentive products by the product id column. Loaded by `CatalogMappingLoader`.
///
/// Product-level values come from a product's first row (in source order), except
/// `lastUpdated`, which is the latest of its rows.
public struct CatalogMapping: Sendable, Equatable {
    /// Keys the state, as for customer mappings.
    public var name: String
    public var source: SourceConfiguration
    /// Sent with every upload: when true Attentive validates the files and saves nothing.
    public var validateOnly: Bool
    public var product: ProductFieldMapping
    public var variant: VariantFieldMapping
    public var onRemoved: CatalogRemovalPolicy

    public init(
        name: String,
        source: SourceConfiguration,
        validateOnly: Bool = false,
        product: ProductFieldMapping,
        variant: VariantFieldMapping,
        onRemoved: CatalogRemovalPolicy = .ignore
    ) {
        self.name = name
        self.source = source
        self.validateOnly = validateOnly
        self.product = product
        self.variant = variant
        self.onRemoved = onRemoved
    }

    /// Every source column the mapping reads, product id first, without repeats.
    /// Grouping keeps only these columns of each row.
    public var referencedColumns: [String] {
        var list = ColumnList()
        func add(_ reference: ValueReference?) { list.add(reference?.column) }
        let p = product, v = variant
        for reference in [p.id, p.name, p.link, p.lastUpdated, p.brand, p.description, p.categories?.value, p.tags?.value] {
            add(reference)
        }
        for image in p.images { add(image.src); add(image.alt) }
        for attribute in p.attributes { add(attribute.value) }
        for reference in [v.id, v.name, v.link, v.lastUpdated, v.availableForPurchase, v.inventoryQuantity] { add(reference) }
        for price in v.prices { add(price.currencyCode); add(price.amount); add(price.compareAtPrice) }
        for option in v.options { add(option.value) }
        for attribute in v.attributes { add(attribute.value) }
        return list.columns
    }
}

/// Where a product's own fields come from (read from its first row).
public struct ProductFieldMapping: Sendable, Equatable {
    /// Groups rows into products; must name a column.
    public var id: ValueReference
    public var name: ValueReference
    public var link: ValueReference
    /// Read as a datetime; the product's is the latest of its rows.
    public var lastUpdated: ValueReference
    public var brand: ValueReference?
    public var description: ValueReference?
    public var categories: ListReference?
    public var tags: ListReference?
    /// Collected over all the product's rows, without repeated `src`.
    public var images: [ImageMapping]
    /// Sorted by name.
    public var attributes: [AttributeMapping]

    public init(id: ValueReference, name: ValueReference, link: ValueReference, lastUpdated: ValueReference,
                brand: ValueReference? = nil, description: ValueReference? = nil,
                categories: ListReference? = nil, tags: ListReference? = nil,
                images: [ImageMapping] = [], attributes: [AttributeMapping] = []) {
        self.id = id
        self.name = name
        self.link = link
        self.lastUpdated = lastUpdated
        self.brand = brand
        self.description = description
        self.categories = categories
        self.tags = tags
        self.images = images
        self.attributes = attributes.sorted { $0.name < $1.name }
    }
}

/// Where each variant's fields come from (one variant per row).
public struct VariantFieldMapping: Sendable, Equatable {
    /// Must name a column.
    public var id: ValueReference
    public var name: ValueReference
    public var link: ValueReference?
    /// Read as a datetime; when not mapped, the row's product `lastUpdated`.
    public var lastUpdated: ValueReference?
    /// Read as a boolean.
    public var availableForPurchase: ValueReference
    /// Read as an integer.
    public var inventoryQuantity: ValueReference?
    /// At least one.
    public var prices: [PriceMapping]
    /// In the order they are listed: positions of the product's `productOptions`.
    public var options: [OptionMapping]
    /// Sorted by name.
    public var attributes: [AttributeMapping]

    public init(id: ValueReference, name: ValueReference, link: ValueReference? = nil, lastUpdated: ValueReference? = nil,
                availableForPurchase: ValueReference, inventoryQuantity: ValueReference? = nil,
                prices: [PriceMapping], options: [OptionMapping] = [], attributes: [AttributeMapping] = []) {
        self.id = id
        self.name = name
        self.link = link
        self.lastUpdated = lastUpdated
        self.availableForPurchase = availableForPurchase
        self.inventoryQuantity = inventoryQuantity
        self.prices = prices
        self.options = options
        self.attributes = attributes.sorted { $0.name < $1.name }
    }
}

/// A cell holding several values, e.g. `Apparel|T-Shirts` split on `|`.
public struct ListReference: Sendable, Equatable {
    public var value: ValueReference
    /// Nil: the cell is one value.
    public var separator: String?

    public init(value: ValueReference, separator: String? = nil) {
        self.value = value
        self.separator = separator
    }
}

/// A product image: its URL and, optionally, its alt text.
public struct ImageMapping: Sendable, Equatable {
    public var src: ValueReference
    public var alt: ValueReference?

    public init(src: ValueReference, alt: ValueReference? = nil) {
        self.src = src
        self.alt = alt
    }
}

/// One of a variant's prices. `amount` and `compareAtPrice` must read as numbers and are
/// sent as the source writes them (`12.50` stays `"12.50"`).
public struct PriceMapping: Sendable, Equatable {
    /// ISO 4217, e.g. `{"value": "USD"}`.
    public var currencyCode: ValueReference
    public var amount: ValueReference
    public var compareAtPrice: ValueReference?

    public init(currencyCode: ValueReference, amount: ValueReference, compareAtPrice: ValueReference? = nil) {
        self.currencyCode = currencyCode
        self.amount = amount
        self.compareAtPrice = compareAtPrice
    }
}

/// A product option (`Color`) and the column holding each variant's value of it.
public struct OptionMapping: Sendable, Equatable {
    public var name: String
    public var value: ValueReference

    public init(name: String, value: ValueReference) {
        self.name = name
        self.value = value
    }
}

/// What to do with products that were uploaded before and are gone from the source.
public enum CatalogRemovalPolicy: String, Sendable, CaseIterable {
    /// Leave them in Attentive as they are.
    case ignore
    /// Upload them once more with every variant `availableForPurchase: false`.
    case markUnavailable
}
