/// Reads the `catalog` block of a mapping (`MappingLoader.loadAny` dispatches here).
/// Every error names the file and the key, as for customer mappings.
enum CatalogMappingLoader {
    /// Attentive's limits that a mapping alone can break.
    static let maximumAttributes = 100
    static let maximumAttributeNameLength = 64

    static func mapping(_ root: MappingNode, baseDirectory: String) throws(MappingError) -> CatalogMapping {
        guard case .object(let object) = root.value else { throw root.error("expected an object, found \(root.value.kind)") }
        for key in ["identity", "customAttributes", "subscriptions", "identityLinks"] where object[key] != nil {
            throw root.child(key, object[key]!).error("a catalog mapping has no customer targets: map them in a mapping of their own")
        }
        let members = try root.members(allowed: ["$schema", "name", "source", "catalog", "onRemoved"])
        guard let name = members["name"] else { throw root.error("missing key 'name'") }
        guard let source = members["source"] else { throw root.error("missing key 'source'") }
        let catalog = members["catalog"]!
        let options = try catalog.members(allowed: ["validateOnly", "product", "variant"])
        guard let product = options["product"] else { throw catalog.error("missing key 'product'") }
        guard let variant = options["variant"] else { throw catalog.error("missing key 'variant'") }
        return CatalogMapping(
            name: try name.visibleText(),
            source: try MappingLoader.sourceConfiguration(source, baseDirectory: baseDirectory),
            validateOnly: try options["validateOnly"]?.bool() ?? false,
            product: try productFields(product),
            variant: try variantFields(variant),
            onRemoved: try members["onRemoved"].map(removalPolicy) ?? .ignore)
    }

    static func productFields(_ node: MappingNode) throws(MappingError) -> ProductFieldMapping {
        let members = try node.members(allowed: [
            "id", "name", "link", "lastUpdated", "brand", "description", "categories", "tags", "images", "attributes",
        ])
        for key in ["id", "name", "link", "lastUpdated"] where members[key] == nil { throw node.error("missing key '\(key)'") }
        return ProductFieldMapping(
            id: try columnReference(members["id"]!),
            name: try reference(members["name"]!, as: .string),
            link: try reference(members["link"]!, as: .string),
            lastUpdated: try reference(members["lastUpdated"]!, as: .datetime),
            brand: try members["brand"].map { node throws(MappingError) in try reference(node, as: .string) },
            description: try members["description"].map { node throws(MappingError) in try reference(node, as: .string) },
            categories: try members["categories"].map(listReference),
            tags: try members["tags"].map(listReference),
            images: try members["images"].map(images) ?? [],
            attributes: try members["attributes"].map(attributes) ?? [])
    }

    static func variantFields(_ node: MappingNode) throws(MappingError) -> VariantFieldMapping {
        let members = try node.members(allowed: [
            "id", "name", "link", "lastUpdated", "availableForPurchase", "inventoryQuantity", "prices", "options", "attributes",
        ])
        for key in ["id", "name", "availableForPurchase", "prices"] where members[key] == nil {
            throw node.error("missing key '\(key)'")
        }
        return VariantFieldMapping(
            id: try columnReference(members["id"]!),
            name: try reference(members["name"]!, as: .string),
            link: try members["link"].map { node throws(MappingError) in try reference(node, as: .string) },
            lastUpdated: try members["lastUpdated"].map { node throws(MappingError) in try reference(node, as: .datetime) },
            availableForPurchase: try reference(members["availableForPurchase"]!, as: .boolean),
            inventoryQuantity: try members["inventoryQuantity"].map { node throws(MappingError) in try reference(node, as: .integer) },
            prices: try prices(members["prices"]!),
            options: try options(members["options"]),
            attributes: try members["attributes"].map(attributes) ?? [])
    }

    /// A value reference read as `type`: the mapping may leave `type` out, or must give exactly it.
    static func reference(_ node: MappingNode, as type: ValueType) throws(MappingError) -> ValueReference {
        var typed = node
        if type != .string, case .object(var object) = node.value, object["type"] == nil {
            object["type"] = .string(type.rawValue)
            typed = MappingNode(value: .object(object), path: node.path, file: node.file)
        }
        var reference = try MappingLoader.valueReference(typed)
        if case .string = node.value { reference.type = type }
        guard reference.type == type else {
            throw node.child("type", .null).error("this field is read as \(type.rawValue)")
        }
        return reference
    }

    /// A string reference that must name a column: ids group and key the rows.
    static func columnReference(_ node: MappingNode) throws(MappingError) -> ValueReference {
        let reference = try reference(node, as: .string)
        guard reference.column != nil, reference.defaultValue == nil else {
            throw node.error("an id must name a column, without a default")
        }
        return reference
    }

    /// A string reference with an optional `split` separator.
    static func listReference(_ node: MappingNode) throws(MappingError) -> ListReference {
        guard case .object(var object) = node.value, let split = object.removeValue(forKey: "split") else {
            return ListReference(value: try reference(node, as: .string))
        }
        let separator = try node.child("split", split).nonEmptyString()
        let value = try reference(MappingNode(value: .object(object), path: node.path, file: node.file), as: .string)
        return ListReference(value: value, separator: separator)
    }

    static func images(_ node: MappingNode) throws(MappingError) -> [ImageMapping] {
        var images: [ImageMapping] = []
        for entry in try node.elements("image") {
            let members = try entry.members(allowed: ["src", "alt"])
            guard let src = members["src"] else { throw entry.error("missing key 'src'") }
            images.append(ImageMapping(
                src: try reference(src, as: .string),
                alt: try members["alt"].map { node throws(MappingError) in try reference(node, as: .string) }))
        }
        return images
    }

    static func attributes(_ node: MappingNode) throws(MappingError) -> [AttributeMapping] {
        let named = try node.namedMembers("attribute")
        guard named.count <= maximumAttributes else {
            throw node.error("Attentive allows at most \(maximumAttributes) attributes, found \(named.count)")
        }
        var mappings: [AttributeMapping] = []
        for (name, valueNode) in named {
            guard name.count <= maximumAttributeNameLength else {
                throw valueNode.error("Attentive allows attribute names of at most \(maximumAttributeNameLength) characters")
            }
            mappings.append(AttributeMapping(name: name, value: try reference(valueNode, as: .string)))
        }
        return mappings
    }

    static func prices(_ node: MappingNode) throws(MappingError) -> [PriceMapping] {
        var prices: [PriceMapping] = []
        for entry in try node.elements("price", optional: false) {
            let members = try entry.members(allowed: ["currencyCode", "amount", "compareAtPrice"])
            for key in ["currencyCode", "amount"] where members[key] == nil { throw entry.error("missing key '\(key)'") }
            let currency = try reference(members["currencyCode"]!, as: .string)
            if let code = currency.origin.constantText, !CurrencyCode.isValid(code) {
                throw members["currencyCode"]!.error("'\(code)' is not an ISO 4217 currency code (three capital letters)")
            }
            prices.append(PriceMapping(
                currencyCode: currency,
                amount: try reference(members["amount"]!, as: .number),
                compareAtPrice: try members["compareAtPrice"].map { node throws(MappingError) in try reference(node, as: .number) }))
        }
        return prices
    }

    /// `{"Color": "color"}` (options in name order) or `[{"name": "Color", "column": "color"}]` (in the order given).
    static func options(_ node: MappingNode?) throws(MappingError) -> [OptionMapping] {
        guard let node else { return [] }
        var options: [OptionMapping] = []
        if case .array = node.value {
            for entry in try node.elements("option") {
                guard case .object(var object) = entry.value, let name = object.removeValue(forKey: "name") else {
                    throw entry.error("expected an object with 'name' and 'column'")
                }
                let optionName = try entry.child("name", name).visibleText()
                options.append(OptionMapping(name: optionName,
                                             value: try reference(MappingNode(value: .object(object), path: entry.path, file: entry.file), as: .string)))
            }
        } else {
            for (name, valueNode) in try node.namedMembers("option") {
                options.append(OptionMapping(name: name, value: try reference(valueNode, as: .string)))
            }
        }
        var seen = Set<String>()
        for (index, option) in options.enumerated() where !seen.insert(option.name).inserted {
            throw node.child("\(index)", .null).error("option '\(option.name)' is mapped twice")
        }
        return options
    }

    static func removalPolicy(_ node: MappingNode) throws(MappingError) -> CatalogRemovalPolicy {
        let members = try node.members(allowed: ["catalog"])
        return try members["catalog"]?.oneOf(CatalogRemovalPolicy.self) ?? .ignore
    }
}

/// ISO 4217 currency codes, by shape: three capital ASCII letters.
enum CurrencyCode {
    static func isValid(_ code: String) -> Bool {
        code.utf8.count == 3 && code.utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }
}
