/// The catalog file form of a product: one line of compact JSON, members in a fixed order,
/// absent optional fields left out. Equal products give equal lines, so the line's
/// fingerprint tells whether a product changed.
extension Product {
    var ndjsonLine: String {
        var out = NDJSONWriter()
        out.open("{")
        out.member("id", id)
        out.member("name", name)
        out.member("description", description)
        out.member("brand", brand)
        out.member("link", link)
        out.member("lastUpdated", lastUpdated)
        out.member("categories", categories)
        out.member("tags", tags)
        if let productOptions {
            out.array("productOptions", productOptions) { out, option in
                out.open("{")
                out.member("name", option.name)
                out.member("position", option.position)
                out.member("values", option.values)
                out.close("}")
            }
        }
        if let images {
            out.array("images", images) { out, image in
                out.open("{")
                out.member("src", image.src)
                out.member("alt", image.alt)
                out.close("}")
            }
        }
        out.attributes(attributes)
        out.array("variants", variants) { out, variant in
            out.open("{")
            out.member("id", variant.id)
            out.member("name", variant.name)
            out.member("link", variant.link)
            out.member("lastUpdated", variant.lastUpdated)
            out.member("availableForPurchase", variant.availableForPurchase)
            out.member("inventoryQuantity", variant.inventoryQuantity)
            out.member("position", variant.position)
            out.array("prices", variant.prices) { out, price in
                out.open("{")
                out.member("currencyCode", price.currencyCode)
                out.member("amount", price.amount)
                out.member("compareAtPrice", price.compareAtPrice)
                out.close("}")
            }
            if let values = variant.productOptionValues {
                out.array("productOptionValues", values) { out, value in
                    out.open("{")
                    out.member("productOptionName", value.productOptionName)
                    out.member("value", value.value)
                    out.close("}")
                }
            }
            out.attributes(variant.attributes)
            out.close("}")
        }
        out.close("}")
        return out.text
    }
}

/// Compact JSON text written member by member, commas placed as it goes.
private struct NDJSONWriter {
    var text = ""
    /// Whether the innermost open object or array still has no element.
    private var empty = true

    init() { text.reserveCapacity(1024) }

    mutating func open(_ bracket: String) {
        separate()
        text += bracket
        empty = true
    }

    mutating func close(_ bracket: String) {
        text += bracket
        empty = false
    }

    private mutating func separate() {
        if !empty { text += "," }
        empty = false
    }

    private mutating func key(_ name: String) {
        separate()
        text += "\""
        text += name
        text += "\":"
        empty = true
    }

    mutating func member(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        text += JSONText.quoted(value)
        empty = false
    }

    mutating func member(_ name: String, _ value: Int?) {
        guard let value else { return }
        key(name)
        text += String(value)
        empty = false
    }

    mutating func member(_ name: String, _ value: Bool) {
        key(name)
        text += value ? "true" : "false"
        empty = false
    }

    mutating func member(_ name: String, _ values: [String]?) {
        guard let values else { return }
        key(name)
        text += "["
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            text += JSONText.quoted(value)
        }
        text += "]"
        empty = false
    }

    mutating func array<T>(_ name: String, _ elements: [T], _ write: (inout NDJSONWriter, T) -> Void) {
        key(name)
        text += "["
        empty = true
        for element in elements { write(&self, element) }
        text += "]"
        empty = false
    }

    mutating func attributes(_ attributes: [ProductAttribute]?) {
        guard let attributes else { return }
        array("attributes", attributes) { out, attribute in
            out.open("{")
            out.member("name", attribute.name)
            out.member("value", attribute.value)
            out.close("}")
        }
    }
}
