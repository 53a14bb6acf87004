/// Reads an events mapping (one with `customEvents`, `purchases`, `addToCart` or
/// `productViews`): the same `name`, `source` and `identity` as a customer mapping, then the
/// events. Every error names the file and the key.
enum EventMappingLoader {
    /// The keys that make a mapping an events mapping.
    static let eventKeys = EventKind.allCases.map(\.rawValue)

    static func mapping(_ root: MappingNode, baseDirectory: String) throws(MappingError) -> EventMapping {
        let members = try root.members(allowed: Set(["$schema", "name", "source", "identity", "maxAge", "retention", "incremental"] + eventKeys
            + ["customAttributes", "subscriptions", "identityLinks", "segments", "onRemoved"]))
        for key in ["customAttributes", "subscriptions", "identityLinks", "segments", "onRemoved"] {
            if let node = members[key] {
                throw node.error("an events mapping's rows are events, not customers: map '\(key)' in a customer mapping of its own")
            }
        }
        for key in ["name", "source", "identity"] where members[key] == nil { throw root.error("missing key '\(key)'") }
        let source = try MappingLoader.sourceConfiguration(members["source"]!, baseDirectory: baseDirectory)
        var mapping = EventMapping(
            name: try members["name"]!.visibleText(), source: source,
            identity: try MappingLoader.identityMapping(members["identity"]!),
            customEvents: try members["customEvents"].map(customEvents) ?? [])
        for kind in EventKind.ecommerce {
            if let node = members[kind.rawValue] { mapping.ecommerce.append(try ecommerceEvent(node, kind: kind)) }
        }
        if let node = members["maxAge"] { mapping.maxAgeSeconds = try seconds(node) }
        if let node = members["retention"] { mapping.retentionSeconds = try seconds(node) }
        if let maxAge = mapping.maxAgeSeconds, maxAge > mapping.retentionSeconds, let node = members["maxAge"] {
            throw node.error("longer than 'retention' (\(mapping.retentionSeconds / 86_400) days): an event older than the ids the state keeps could be sent twice")
        }
        if let node = members["incremental"] {
            guard case .postgres = source else {
                throw node.error("applies to a PostgreSQL source (a query given the watermark as $1); a CSV export's events are skipped by their ids")
            }
            let options = try node.members(allowed: ["column"])
            guard let column = options["column"] else { throw node.error("missing key 'column'") }
            mapping.incremental = IncrementalMapping(column: try column.nonEmptyString())
        }
        return mapping
    }

    static func customEvents(_ node: MappingNode) throws(MappingError) -> [CustomEventMapping] {
        var events: [CustomEventMapping] = []
        for entry in try node.elements("custom event", optional: false) {
            let members = try entry.members(allowed: ["type", "occurredAt", "properties", "externalEventId"])
            for key in ["type", "externalEventId"] where members[key] == nil { throw entry.error("missing key '\(key)'") }
            let type = try MappingLoader.valueReference(members["type"]!)
            guard type.type == .string else { throw members["type"]!.child("type", .null).error("an event's type is read as a string") }
            if let constant = type.origin.constantText {
                guard !constant.allSatisfy(\.isWhitespace) else { throw members["type"]!.error("must not be blank") }
                if constant.contains(where: CustomEventMapping.forbiddenInType.contains) {
                    throw members["type"]!.error("Attentive does not take \" ' ( ) { } [ ] \\ | or , in an event's type")
                }
            }
            var properties: [AttributeMapping] = []
            if let node = members["properties"] {
                for (name, value) in try node.namedMembers("property") {
                    if name.contains(where: CustomEventMapping.forbiddenInPropertyName.contains) {
                        throw value.error("Attentive does not take \" { } [ ] \\ or | in a property's name")
                    }
                    properties.append(AttributeMapping(name: name, value: try MappingLoader.valueReference(value)))
                }
            }
            events.append(CustomEventMapping(
                type: type, occurredAt: try members["occurredAt"].map(datetime),
                properties: properties.sorted { $0.name < $1.name },
                externalEventId: try externalEventId(members["externalEventId"]!)))
        }
        return events
    }

    /// A column name, `{"column"}`, or `{"from": [columns…]}`.
    static func externalEventId(_ node: MappingNode) throws(MappingError) -> CustomEventMapping.ExternalEventId {
        if case .string = node.value { return .column(try node.nonEmptyString()) }
        let members = try node.members(allowed: ["column", "from"])
        switch (members["column"], members["from"]) {
        case (let column?, nil): return .column(try column.nonEmptyString())
        case (nil, let from?):
            var columns: [String] = []
            for column in try from.elements("column", optional: false) { columns.append(try column.nonEmptyString()) }
            return .derived(columns)
        case (.some, .some): throw node.error("give either 'column' or 'from', not both")
        case (nil, nil): throw node.error("expected a column, or {\"from\": [columns…]} to derive a stable id from them")
        }
    }

    static func ecommerceEvent(_ node: MappingNode, kind: EventKind) throws(MappingError) -> EcommerceEventMapping {
        let members = try node.members(allowed: ["orderId", "occurredAt", "item"])
        for key in ["orderId", "item"] where members[key] == nil { throw node.error("missing key '\(key)'") }
        let item = members["item"]!
        let fields = try item.members(allowed: ["productId", "productVariantId", "name", "productUrl", "productImage", "quantity", "price"])
        for key in ["productId", "productVariantId", "price"] where fields[key] == nil { throw item.error("missing key '\(key)'") }
        func text(_ key: String) throws(MappingError) -> ValueReference? {
            guard let node = fields[key] else { return nil }
            let reference = try MappingLoader.valueReference(node)
            guard reference.type == .string || reference.type == .integer else { throw node.child("type", .null).error("read as a string") }
            return reference
        }
        var quantity: ValueReference?
        if let node = fields["quantity"] {
            quantity = try MappingLoader.valueReference(node)
            if case .object(let object) = node.value, object["type"] != nil, quantity?.type != .integer {
                throw node.child("type", .null).error("a quantity is an integer")
            }
            quantity?.type = .integer
        }
        let priceNode = fields["price"]!
        let price = try priceNode.members(allowed: ["value", "currency"])
        guard let valueNode = price["value"] else { throw priceNode.error("missing key 'value'") }
        var value = try MappingLoader.valueReference(valueNode)
        if case .object(let object) = valueNode.value, object["type"] != nil, value.type != .number {
            throw valueNode.child("type", .null).error("a price is a number")
        }
        value.type = .number
        return EcommerceEventMapping(
            kind: kind, orderId: try members["orderId"]!.nonEmptyString(), occurredAt: try members["occurredAt"].map(datetime),
            item: ItemMapping(productId: try text("productId")!, productVariantId: try text("productVariantId")!, name: try text("name"),
                              productUrl: try text("productUrl"), productImage: try text("productImage"), quantity: quantity,
                              price: value, currency: try price["currency"].map(MappingLoader.valueReference)))
    }

    /// `occurredAt`: a column read as a datetime (ISO 8601, or `format`).
    static func datetime(_ node: MappingNode) throws(MappingError) -> ValueReference {
        var reference = try MappingLoader.valueReference(node)
        guard reference.column != nil else { throw node.error("must name a column: an event's time is its row's") }
        if case .object(let object) = node.value, object["type"] != nil, reference.type != .datetime {
            throw node.child("type", .null).error("an event's time is a datetime")
        }
        reference.type = .datetime
        return reference
    }

    /// A duration: `90m`, `48h`, `30d`, or several (`1d12h`).
    static func seconds(_ node: MappingNode) throws(MappingError) -> Int {
        let text = try node.nonEmptyString()
        var total = 0, number = "", any = false
        for character in text {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            let unit: Int? = switch character {
            case "s": 1
            case "m": 60
            case "h": 3_600
            case "d": 86_400
            default: nil
            }
            guard let unit, let count = Int(number), count <= 100_000 else {
                throw node.error("'\(text)' is not a duration: write it as 90m, 48h, 30d or 1d12h")
            }
            total += count * unit
            number = ""
            any = true
        }
        guard any, number.isEmpty, total > 0 else { throw node.error("'\(text)' is not a duration: write it as 90m, 48h, 30d or 1d12h") }
        return total
    }
}
