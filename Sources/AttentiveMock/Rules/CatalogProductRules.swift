/// Attentive's field limits for one catalog product.
enum CatalogProductRules {
    static func problems(in product: JSONValue) -> [(type: String, message: String)] {
        var problems: [(type: String, message: String)] = []
        for field in ["id", "name"] {
            guard let value = product[field]?.stringValue, !value.isEmpty else {
                problems.append(("MISSING_FIELD", "\(field) is required"))
                continue
            }
            if value.count > 256 { problems.append(("FIELD_TOO_LONG", "\(field) is longer than 256 characters")) }
        }
        if let description = product["description"]?.stringValue, description.count > 1024 {
            problems.append(("FIELD_TOO_LONG", "description is longer than 1024 characters"))
        }
        problems += linkProblems(product["link"], field: "link")
        let listLimits = [("categories", 10), ("tags", 50), ("variants", 100), ("images", 250)]
        for (field, limit) in listLimits {
            if let count = product[field]?.arrayValue?.count, count > limit {
                problems.append(("TOO_MANY_VALUES", "\(field) has \(count) entries, at most \(limit) are allowed"))
            }
        }
        problems += attributeProblems(product["attributes"], field: "attributes")
        for (index, variant) in (product["variants"]?.arrayValue ?? []).enumerated() {
            for field in ["id", "name"] {
                if let value = variant[field]?.stringValue, value.count > 256 {
                    problems.append(("FIELD_TOO_LONG", "variants[\(index)].\(field) is longer than 256 characters"))
                }
            }
            problems += linkProblems(variant["link"], field: "variants[\(index)].link")
            problems += attributeProblems(variant["attributes"], field: "variants[\(index)].attributes")
        }
        return problems
    }

    private static func linkProblems(_ link: JSONValue?, field: String) -> [(type: String, message: String)] {
        guard let link = link?.stringValue else { return [] }
        if link.count > 2048 { return [("FIELD_TOO_LONG", "\(field) is longer than 2048 characters")] }
        let lowered = link.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
            return [("INVALID_LINK", "\(field) must be an http(s) URL")]
        }
        return []
    }

    /// Attributes come as `[{name, value}]` or as an object; either way at most 100,
    /// with names of at most 64 characters.
    private static func attributeProblems(_ attributes: JSONValue?, field: String) -> [(type: String, message: String)] {
        let names: [String]
        switch attributes {
        case .array(let entries): names = entries.compactMap { $0["name"]?.stringValue }
        case .object(let members): names = Array(members.keys)
        default: return []
        }
        var problems: [(type: String, message: String)] = []
        if names.count > 100 {
            problems.append(("TOO_MANY_VALUES", "\(field) has \(names.count) entries, at most 100 are allowed"))
        }
        if let long = names.first(where: { $0.count > 64 }) {
            problems.append(("FIELD_TOO_LONG", "\(field) name '\(long.prefix(20))…' is longer than 64 characters"))
        }
        return problems
    }
}
