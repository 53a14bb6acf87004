/// Turns one product's variant rows into a `Product` per the catalog mapping, or the
/// reasons it cannot be uploaded: cells that do not parse, required fields left empty,
/// Attentive's limits broken. Product-level fields come from the first row; `lastUpdated`
/// is the latest of the rows; variants keep source order as their `position`.
struct ProductBuilder: Sendable {
    private struct PriceReaders: Sendable {
        var currencyCode: ProductCellReader
        var amount: ProductCellReader
        var compareAtPrice: ProductCellReader?
    }

    private let name, link, lastUpdated: ProductCellReader
    private let brand, description: ProductCellReader?
    private let categories, tags: (reader: ProductCellReader, separator: String?)?
    private let images: [(src: ProductCellReader, alt: ProductCellReader?)]
    private let attributes: [(name: String, reader: ProductCellReader)]
    private let variantID, variantName, availableForPurchase: ProductCellReader
    private let variantLink, variantLastUpdated, inventoryQuantity: ProductCellReader?
    /// The variant `lastUpdated` reads the product's column: each row's value is read once.
    private let variantUpdatedIsProducts: Bool
    private let prices: [PriceReaders]
    private let options: [(name: String, reader: ProductCellReader)]
    private let variantAttributes: [(name: String, reader: ProductCellReader)]

    /// Reads rows cut down to `mapping.referencedColumns`, in that order.
    init(mapping: CatalogMapping) throws {
        var index: [String: Int] = [:]
        for (position, column) in mapping.referencedColumns.enumerated() { index[column] = position }
        func reader(_ reference: ValueReference, _ field: String) throws -> ProductCellReader {
            try ProductCellReader(reference, field: field, columns: index)
        }
        let p = mapping.product, v = mapping.variant
        name = try reader(p.name, "name")
        link = try reader(p.link, "link")
        lastUpdated = try reader(p.lastUpdated, "lastUpdated")
        brand = try p.brand.map { try reader($0, "brand") }
        description = try p.description.map { try reader($0, "description") }
        categories = try p.categories.map { (try reader($0.value, "categories"), $0.separator) }
        tags = try p.tags.map { (try reader($0.value, "tags"), $0.separator) }
        images = try p.images.map { (try reader($0.src, "images.src"), try $0.alt.map { try reader($0, "images.alt") }) }
        attributes = try p.attributes.map { ($0.name, try reader($0.value, "attributes.\($0.name)")) }
        variantID = try reader(v.id, "variant id")
        variantName = try reader(v.name, "variant name")
        availableForPurchase = try reader(v.availableForPurchase, "availableForPurchase")
        variantLink = try v.link.map { try reader($0, "variant link") }
        variantLastUpdated = try v.lastUpdated.map { try reader($0, "variant lastUpdated") }
        variantUpdatedIsProducts = v.lastUpdated == p.lastUpdated
        inventoryQuantity = try v.inventoryQuantity.map { try reader($0, "inventoryQuantity") }
        prices = try v.prices.enumerated().map { index, price in
            PriceReaders(currencyCode: try reader(price.currencyCode, "prices.\(index).currencyCode"),
                         amount: try reader(price.amount, "prices.\(index).amount"),
                         compareAtPrice: try price.compareAtPrice.map { try reader($0, "prices.\(index).compareAtPrice") })
        }
        options = try v.options.map { ($0.name, try reader($0.value, "options.\($0.name)")) }
        variantAttributes = try v.attributes.map { ($0.name, try reader($0.value, "variant attributes.\($0.name)")) }
    }

    /// Collects reasons while a product is read, so that every problem is reported at once.
    private struct Problems {
        var reasons: [String] = []

        mutating func string(_ reader: ProductCellReader, _ row: VariantRow, required: Bool = false) -> String? {
            do { return check(try reader.string(in: row), reader, row, required) } catch { return failed(error, reader, row) }
        }

        /// A number, kept as the source writes it.
        mutating func decimal(_ reader: ProductCellReader, _ row: VariantRow, required: Bool = false) -> String? {
            do { return check(try reader.decimal(in: row), reader, row, required) } catch { return failed(error, reader, row) }
        }

        mutating func boolean(_ reader: ProductCellReader, _ row: VariantRow, required: Bool = false) -> Bool? {
            do { return check(try reader.boolean(in: row), reader, row, required) } catch { return failed(error, reader, row) }
        }

        mutating func integer(_ reader: ProductCellReader, _ row: VariantRow, required: Bool = false) -> Int? {
            do { return check(try reader.integer(in: row), reader, row, required) } catch { return failed(error, reader, row) }
        }

        /// A link: also checked to be http(s) and within Attentive's length.
        mutating func link(_ reader: ProductCellReader, _ row: VariantRow, required: Bool = false) -> String? {
            guard let link = string(reader, row, required: required) else { return nil }
            if let problem = ProductLimits.linkProblem(link) { reasons.append("line \(row.line): \(reader.label) \(problem)") }
            return link
        }

        /// The value; a reason when it is required and empty.
        private mutating func check<T>(_ value: T?, _ reader: ProductCellReader, _ row: VariantRow, _ required: Bool) -> T? {
            if value == nil, required { reasons.append("line \(row.line): \(reader.label): empty") }
            return value
        }

        private mutating func failed<T>(_ error: ValueError, _ reader: ProductCellReader, _ row: VariantRow) -> T? {
            reasons.append("line \(row.line): \(reader.label): \(error)")
            return nil
        }
    }

    /// The product and its catalog file line, or why it is held back.
    func build(_ group: ProductRows) -> Result<ProductRecord, ProductRejection> {
        var problems = Problems()
        let first = group.rows[0]
        let name = problems.string(self.name, first, required: true)
        let link = problems.link(self.link, first, required: true)
        var latest: String?
        var rowUpdates: [String?] = []
        for row in group.rows {
            let updated = problems.string(lastUpdated, row)
            rowUpdates.append(updated)
            if let updated, latest.map({ Self.timestampKey(updated) > Self.timestampKey($0) }) ?? true { latest = updated }
        }
        if latest == nil {
            problems.reasons.append("line \(first.line): \(lastUpdated.label): no value on any row of the product")
        }
        var product = Product(
            id: group.productID, name: name ?? "", link: link ?? "", lastUpdated: latest ?? "", variants: [])
        product.description = description.flatMap { problems.string($0, first) }
        product.brand = brand.flatMap { problems.string($0, first) }
        product.categories = categories.flatMap { list in Self.split(problems.string(list.reader, first), list.separator) }
        product.tags = tags.flatMap { list in Self.split(problems.string(list.reader, first), list.separator) }
        product.attributes = Self.nonEmpty(attributes.compactMap { attribute in
            problems.string(attribute.reader, first).map { ProductAttribute(name: attribute.name, value: $0) }
        })
        var images: [ProductImage] = []
        var imageSources = Set<String>()
        var optionValues = options.map { _ in [String]() }
        for (index, row) in group.rows.enumerated() {
            for image in self.images {
                guard let src = problems.string(image.src, row), imageSources.insert(src).inserted else { continue }
                if let problem = ProductLimits.linkProblem(src) { problems.reasons.append("line \(row.line): \(image.src.label) \(problem)") }
                images.append(ProductImage(src: src, alt: image.alt.flatMap { problems.string($0, row) }))
            }
            let variant = self.variant(row, position: index + 1, productUpdated: rowUpdates[index] ?? latest, problems: &problems)
            for (option, value) in (variant.productOptionValues ?? []).map({ ($0.productOptionName, $0.value) }) {
                guard let slot = options.firstIndex(where: { $0.name == option }) else { continue }
                if !optionValues[slot].contains(value) { optionValues[slot].append(value) }
            }
            product.variants.append(variant)
        }
        product.images = Self.nonEmpty(images)
        product.productOptions = Self.nonEmpty(options.indices.compactMap { slot in
            optionValues[slot].isEmpty ? nil : ProductOption(name: options[slot].name, position: slot + 1, values: optionValues[slot])
        })
        var reasons = problems.reasons
        reasons += ProductLimits.problems(in: product, line: first.line, variantLines: group.lines)
        if group.rowCount > group.rows.count {
            reasons.removeAll { $0.hasSuffix("variants, at most \(ProductLimits.maximumVariants) allowed") }
            reasons.append("line \(first.line): \(group.rowCount) variant rows (lines \(first.line)–\(group.lastLine)), "
                           + "at most \(ProductLimits.maximumVariants) allowed")
        }
        guard reasons.isEmpty else {
            return .failure(ProductRejection(productID: group.productID, lines: group.lines, rowCount: group.rowCount, reasons: reasons))
        }
        let json = product.ndjsonLine
        guard json.utf8.count <= ProductLimits.maximumLineBytes else {
            return .failure(ProductRejection(productID: group.productID, lines: group.lines, rowCount: group.rowCount,
                                             reasons: ["line \(first.line): the product's catalog line is larger than 4 MB"]))
        }
        return .success(ProductRecord(product: product, json: json, lines: group.lines))
    }

    private func variant(_ row: VariantRow, position: Int, productUpdated: String?, problems: inout Problems) -> ProductVariant {
        let id = problems.string(variantID, row, required: true)
        let name = problems.string(variantName, row, required: true)
        let updated: String? = if let variantLastUpdated, !variantUpdatedIsProducts {
            problems.string(variantLastUpdated, row, required: true)
        } else {
            productUpdated
        }
        let available = problems.boolean(availableForPurchase, row, required: true)
        var variant = ProductVariant(id: id ?? "", name: name ?? "", lastUpdated: updated ?? "", availableForPurchase: available ?? false,
                                     position: position, prices: [])
        variant.link = variantLink.flatMap { problems.link($0, row) }
        variant.inventoryQuantity = inventoryQuantity.flatMap { problems.integer($0, row) }
        for price in prices {
            guard let amount = problems.decimal(price.amount, row) else { continue }
            guard let currency = problems.string(price.currencyCode, row, required: true) else { continue }
            guard CurrencyCode.isValid(currency) else {
                problems.reasons.append("line \(row.line): \(price.currencyCode.label): not an ISO 4217 currency code")
                continue
            }
            variant.prices.append(ProductPrice(currencyCode: currency, amount: amount,
                                               compareAtPrice: price.compareAtPrice.flatMap { problems.decimal($0, row) }))
        }
        if variant.prices.isEmpty, !prices.isEmpty, !problems.reasons.contains(where: { $0.hasPrefix("line \(row.line): prices") }) {
            problems.reasons.append("line \(row.line): \(prices[0].amount.label): no price")
        }
        variant.productOptionValues = Self.nonEmpty(options.compactMap { option in
            problems.string(option.reader, row).map { ProductOptionValue(productOptionName: option.name, value: $0) }
        })
        variant.attributes = Self.nonEmpty(variantAttributes.compactMap { attribute in
            problems.string(attribute.reader, row).map { ProductAttribute(name: attribute.name, value: $0) }
        })
        return variant
    }

    /// A list cell's values: split, trimmed, empty ones and repeats left out.
    static func split(_ text: String?, _ separator: String?) -> [String]? {
        guard let text else { return nil }
        let parts: [String]
        switch separator {
        case nil: parts = [text]
        case let single? where single.utf8.count == 1:
            parts = text.utf8.split(separator: single.utf8.first!).map { String(decoding: $0, as: UTF8.self) }
        case let separator?: parts = text.components(separatedBy: separator)
        }
        var seen = Set<String>()
        let values = parts.map(\.trimmedValue).filter { !$0.isEmpty && seen.insert($0).inserted }
        return values.isEmpty ? nil : values
    }

    static func nonEmpty<T>(_ values: [T]) -> [T]? { values.isEmpty ? nil : values }

    /// Orders canonical UTC datetimes (`…:SSZ` or `…:SS.sssZ`) by the instant they name.
    static func timestampKey(_ text: String) -> String {
        text.utf8.count == 20 ? String(text.dropLast()) + ".000Z" : text
    }
}

/// A product ready to upload: its catalog line and the source lines it came from.
struct ProductRecord: Sendable, Equatable {
    let product: Product
    /// The ndjson line, as uploaded and fingerprinted.
    let json: String
    let lines: [Int]
    /// The line's fingerprint, made where the product is built (on every core).
    let fingerprint: UInt64

    init(product: Product, json: String, lines: [Int]) {
        self.product = product
        self.json = json
        self.lines = lines
        fingerprint = AttributeSet.fingerprint(canonicalJSON: json)
    }
}

/// A product held back: it is not uploaded, and is reported with its source lines and reasons.
/// Reasons name fields and columns, never cell content.
public struct ProductRejection: Error, Sendable, Equatable {
    public var productID: String
    /// The source lines of the product's rows (at most the first 101).
    public var lines: [Int]
    /// Every row of the product.
    public var rowCount: Int
    /// Each starts with `line N:`.
    public var reasons: [String]

    /// The reason reports group by: what is wrong, each cause once, without the product's id or
    /// lines (`line` gives the first): `product held back: name (column product_name): empty`.
    public var reason: String {
        var causes: [String] = []
        for reason in reasons {
            var cause = Substring(reason)
            if cause.hasPrefix("line "), let colon = cause.firstRange(of: ": ") { cause = cause[colon.upperBound...] }
            if !causes.contains(String(cause)) { causes.append(String(cause)) }
        }
        return "product held back: " + causes.joined(separator: "; ")
    }

    /// The first line a reason names, for the report's `line`.
    public var firstLine: Int {
        reasons.compactMap { reason -> Int? in
            guard reason.hasPrefix("line ") else { return nil }
            return Int(reason.dropFirst(5).prefix { $0.isNumber })
        }.min() ?? lines.first ?? 0
    }
}
