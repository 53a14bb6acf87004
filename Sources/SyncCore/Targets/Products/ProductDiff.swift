/// Field-level differences between two versions of a product, for the plan's report:
/// product fields by name, variant fields as `variants[ID].field`, prices as
/// `variants[ID].prices[USD].amount`.
enum ProductDiff {
    /// What a changed product comes to: an update of the fields that differ from the stored
    /// product, or a create when the state holds none (or none that can be read).
    struct Outcome: Sendable {
        var operation: Change.Operation
        var fields: [FieldChange]
    }

    static func outcome(of product: Product, stored: String?) -> Outcome {
        guard let old = stored.flatMap(Self.product(fromLine:)) else { return Outcome(operation: .create, fields: summary(of: product)) }
        return Outcome(operation: .update, fields: changes(from: old, to: product))
    }

    /// Each field whose value differs, in the new product's order, then fields only the old one had.
    static func changes(from old: Product, to new: Product) -> [FieldChange] {
        let before = flattened(old)
        let oldValues = Dictionary(before, uniquingKeysWith: { first, _ in first })
        let after = flattened(new)
        let newNames = Set(after.map(\.name))
        var changes: [FieldChange] = []
        for (name, value) in after where oldValues[name] != value {
            changes.append(FieldChange(name: name, old: oldValues[name], new: value))
        }
        for (name, value) in before where !newNames.contains(name) {
            changes.append(FieldChange(name: name, old: value, new: nil))
        }
        return changes
    }

    /// What a report shows for a new product.
    static func summary(of product: Product) -> [FieldChange] {
        [
            FieldChange(name: "name", old: nil, new: .string(product.name)),
            FieldChange(name: "variants", old: nil, new: .number(String(product.variants.count))),
            FieldChange(name: "lastUpdated", old: nil, new: .string(product.lastUpdated)),
        ]
    }

    /// A removed product turning unavailable: each variant that was available.
    static func markingUnavailable(_ product: Product) -> [FieldChange] {
        product.variants.filter(\.availableForPurchase).map {
            FieldChange(name: "variants[\($0.id)].availableForPurchase", old: .boolean(true), new: .boolean(false))
        }
    }

    /// The product as (field, value) pairs in a stable order.
    static func flattened(_ product: Product) -> [(name: String, value: AttributeValue)] {
        var fields: [(name: String, value: AttributeValue)] = []
        func add(_ name: String, _ value: String?) {
            if let value { fields.append((name, .string(value))) }
        }
        add("name", product.name)
        add("description", product.description)
        add("brand", product.brand)
        add("link", product.link)
        add("lastUpdated", product.lastUpdated)
        add("categories", product.categories?.joined(separator: "|"))
        add("tags", product.tags?.joined(separator: "|"))
        add("images", product.images?.map(\.src).joined(separator: " "))
        for attribute in product.attributes ?? [] { add("attributes.\(attribute.name)", attribute.value) }
        for variant in product.variants {
            let prefix = "variants[\(variant.id)]"
            add("\(prefix).name", variant.name)
            add("\(prefix).link", variant.link)
            add("\(prefix).lastUpdated", variant.lastUpdated)
            fields.append(("\(prefix).availableForPurchase", .boolean(variant.availableForPurchase)))
            if let quantity = variant.inventoryQuantity { fields.append(("\(prefix).inventoryQuantity", .number(String(quantity)))) }
            fields.append(("\(prefix).position", .number(String(variant.position))))
            for price in variant.prices {
                add("\(prefix).prices[\(price.currencyCode)].amount", price.amount)
                add("\(prefix).prices[\(price.currencyCode)].compareAtPrice", price.compareAtPrice)
            }
            for value in variant.productOptionValues ?? [] { add("\(prefix).options.\(value.productOptionName)", value.value) }
            for attribute in variant.attributes ?? [] { add("\(prefix).attributes.\(attribute.name)", attribute.value) }
        }
        return fields
    }

    /// Reads back a catalog line the state holds.
    static func product(fromLine line: String) -> Product? {
        Product(catalogLine: line)
    }
}
