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

/// Compact JSON text written member by member into UTF-8 bytes, commas placed as it goes.
/// Strings are escaped byte by byte (`JSONText.appendQuoted`): most catalog text is plain.
private struct NDJSONWriter {
    private var bytes: [UInt8] = []
    /// Whether the innermost open object or array still has no element.
    private var empty = true

    init() { bytes.reserveCapacity(2048) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func open(_ bracket: StaticString) {
        separate()
        append(bracket)
        empty = true
    }

    mutating func close(_ bracket: StaticString) {
        append(bracket)
        empty = false
    }

    private mutating func append(_ literal: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    private mutating func separate() {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
    }

    private mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        append(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        empty = true
    }

    mutating func member(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        JSONText.appendQuoted(value, to: &bytes)
        empty = false
    }

    mutating func member(_ name: StaticString, _ value: Int?) {
        guard let value else { return }
        key(name)
        bytes.append(contentsOf: String(value).utf8)
        empty = false
    }

    mutating func member(_ name: StaticString, _ value: Bool) {
        key(name)
        append(value ? "true" : "false")
        empty = false
    }

    mutating func member(_ name: StaticString, _ values: [String]?) {
        guard let values else { return }
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONText.appendQuoted(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        empty = false
    }

    mutating func array<T>(_ name: StaticString, _ elements: [T], _ write: (inout NDJSONWriter, T) -> Void) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        empty = true
        for element in elements { write(&self, element) }
        bytes.append(UInt8(ascii: "]"))
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
