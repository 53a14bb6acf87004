/// Attentive's documented limits on a catalog product, checked before upload so that an
/// invalid product is held back (and reported with its source lines) instead of failing
/// in Attentive's validation.
enum ProductLimits {
    static let maximumIDLength = 256
    static let maximumNameLength = 256
    static let maximumDescriptionLength = 1024
    static let maximumLinkLength = 2048
    static let maximumCategories = 10
    static let maximumTags = 50
    static let maximumTagLength = 64
    static let maximumVariants = 100
    static let maximumImages = 250
    static let maximumAttributes = 100
    static let maximumAttributeNameLength = 64
    /// A catalog file line (one product) may be at most 4 MB.
    static let maximumLineBytes = 4 * 1024 * 1024

    /// Every limit `product` breaks, as reasons naming the field and source line, never a value.
    /// Links are checked as they are read (`linkProblem`), where their columns are known.
    /// `variantLines[i]` is the source line of `product.variants[i]`.
    static func problems(in product: Product, line: Int, variantLines: [Int]) -> [String] {
        var problems: [String] = []
        func check(_ failed: Bool, _ reason: @autoclosure () -> String, line: Int) {
            if failed { problems.append("line \(line): \(reason())") }
        }
        check(isLonger(product.id, than: maximumIDLength), "id longer than \(maximumIDLength) characters", line: line)
        check(isLonger(product.name, than: maximumNameLength), "name longer than \(maximumNameLength) characters", line: line)
        check(isLonger(product.description, than: maximumDescriptionLength),
              "description longer than \(maximumDescriptionLength) characters", line: line)
        check((product.categories?.count ?? 0) > maximumCategories,
              "\(product.categories?.count ?? 0) categories, at most \(maximumCategories) allowed", line: line)
        check((product.tags?.count ?? 0) > maximumTags, "\(product.tags?.count ?? 0) tags, at most \(maximumTags) allowed", line: line)
        check(product.tags?.contains { isLonger($0, than: maximumTagLength) } ?? false,
              "a tag longer than \(maximumTagLength) characters", line: line)
        check(product.variants.count > maximumVariants,
              "\(product.variants.count) variants, at most \(maximumVariants) allowed", line: line)
        check((product.images?.count ?? 0) > maximumImages,
              "\(product.images?.count ?? 0) images, at most \(maximumImages) allowed", line: line)
        problems += attributeProblems(product.attributes, field: "attributes", line: line)
        var seen: [String: Int] = [:]
        for (index, variant) in product.variants.enumerated() {
            let variantLine = index < variantLines.count ? variantLines[index] : line
            check(isLonger(variant.id, than: maximumIDLength), "variant id longer than \(maximumIDLength) characters", line: variantLine)
            check(isLonger(variant.name, than: maximumNameLength), "variant name longer than \(maximumNameLength) characters", line: variantLine)
            problems += attributeProblems(variant.attributes, field: "variant attributes", line: variantLine)
            if let earlier = seen.updateValue(variantLine, forKey: variant.id) {
                problems.append("line \(variantLine): variant id repeats the variant of line \(earlier)")
            }
        }
        return problems
    }

    /// Why a link is not acceptable: not http(s), or too long; nil when it is fine.
    static func linkProblem(_ link: String) -> String? {
        guard !isLonger(link, than: maximumLinkLength) else { return "longer than \(maximumLinkLength) characters" }
        let lowered = link.prefix(8).lowercased()
        let scheme = lowered.hasPrefix("https://") ? 8 : lowered.hasPrefix("http://") ? 7 : 0
        guard scheme > 0, link.utf8.count > scheme else { return "is not an http(s) URL" }
        return nil
    }

    /// Whether `text` has more than `limit` characters; counted only when its bytes could be that many.
    static func isLonger(_ text: String?, than limit: Int) -> Bool {
        guard let text, text.utf8.count > limit else { return false }
        return text.count > limit
    }

    static func attributeProblems(_ attributes: [ProductAttribute]?, field: String, line: Int) -> [String] {
        guard let attributes else { return [] }
        var problems: [String] = []
        if attributes.count > maximumAttributes {
            problems.append("line \(line): \(attributes.count) \(field), at most \(maximumAttributes) allowed")
        }
        if attributes.contains(where: { isLonger($0.name, than: maximumAttributeNameLength) }) {
            problems.append("line \(line): \(field): a name longer than \(maximumAttributeNameLength) characters")
        }
        return problems
    }
}
