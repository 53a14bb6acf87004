import Foundation

/// Reads a mapping file, checks it against the format and its meaning, and resolves
/// paths against the mapping file's folder. Every error names the file and the key.
public enum MappingLoader {
    public static func load(path: String) throws(MappingError) -> Mapping {
        try parse(try MappingFile.contents(atPath: path), file: path, baseDirectory: (path as NSString).deletingLastPathComponent)
    }

    public static func parse(_ data: Data, file: String, baseDirectory: String) throws(MappingError) -> Mapping {
        try mapping(try MappingNode.root(parsing: data, file: file), baseDirectory: baseDirectory)
    }

    static func mapping(_ root: MappingNode, baseDirectory: String) throws(MappingError) -> Mapping {
        let members = try root.members(allowed: [
            "$schema", "name", "source", "identity", "customAttributes", "subscriptions", "identityLinks", "segments", "onRemoved", "catalog",
        ])
        if let catalog = members["catalog"] { throw catalog.error("a catalog mapping: read it with MappingLoader.loadAny") }
        guard let name = members["name"] else { throw root.error("missing key 'name'") }
        guard let source = members["source"] else { throw root.error("missing key 'source'") }
        guard let identity = members["identity"] else { throw root.error("missing key 'identity'") }
        guard ["customAttributes", "subscriptions", "identityLinks", "segments"].contains(where: { members[$0] != nil }) else {
            throw root.error("the mapping has nothing to send: map 'customAttributes', 'subscriptions', 'identityLinks' or 'segments'")
        }
        let identityMapping = try identityMapping(identity)
        let subscriptions = try members["subscriptions"].map(subscriptionMappings) ?? []
        for (index, subscription) in subscriptions.enumerated() {
            let needed: String? = switch subscription.channel {
            case .text: identityMapping.phone == nil ? "phone" : nil
            case .email: identityMapping.email == nil ? "email" : nil
            }
            if let needed {
                throw members["subscriptions"]!.child("\(index)", .null)
                    .error("a \(subscription.channel.rawValue) subscription needs identity.\(needed)")
            }
        }
        return Mapping(
            name: try name.visibleText(),
            source: try sourceConfiguration(source, baseDirectory: baseDirectory),
            identity: identityMapping,
            customAttributes: try members["customAttributes"].map(attributeMappings) ?? [],
            subscriptions: subscriptions,
            identityLinks: try members["identityLinks"].map(identityLinksMapping),
            segments: try members["segments"].map(segmentMappings) ?? [],
            onRemoved: try members["onRemoved"].map(removalPolicy) ?? RemovalPolicy()
        )
    }

    /// `segments`: `{"externalId", "name", "member"}` each, the external ids distinct.
    static func segmentMappings(_ node: MappingNode) throws(MappingError) -> [SegmentMapping] {
        var seen = Set<String>()
        var mappings: [SegmentMapping] = []
        for entry in try node.elements("segment") {
            let members = try entry.members(allowed: ["externalId", "name", "member"])
            for key in ["externalId", "name", "member"] where members[key] == nil {
                throw entry.error("missing key '\(key)'")
            }
            let externalId = try members["externalId"]!.visibleText()
            guard externalId.count <= 255 else { throw members["externalId"]!.error("at most 255 characters (Attentive's limit)") }
            let name = try members["name"]!.visibleText()
            guard name.count <= 240 else { throw members["name"]!.error("at most 240 characters (Attentive's limit)") }
            let memberNode = members["member"]!
            var member = try valueReference(memberNode)
            if case .object(let object) = memberNode.value, let type = object["type"], type != .string("boolean") {
                throw memberNode.child("type", .null).error("membership is read as a boolean")
            }
            member.type = .boolean
            if case .constant(let text) = member.origin, text != "true" {
                throw memberNode.error("a constant membership can only be {\"value\": true}: every row a member")
            }
            guard seen.insert(externalId).inserted else {
                throw members["externalId"]!.error("segment '\(externalId)' is mapped twice")
            }
            mappings.append(SegmentMapping(externalId: externalId, name: name, member: member))
        }
        return mappings
    }

    static func subscriptionMappings(_ node: MappingNode) throws(MappingError) -> [SubscriptionMapping] {
        var seen = Set<Scope>()
        var mappings: [SubscriptionMapping] = []
        for entry in try node.elements("subscription") {
            let members = try entry.members(allowed: ["channel", "type", "signUpSourceId", "optIn", "unsubscribeUnknown"])
            for key in ["channel", "type", "signUpSourceId", "optIn"] where members[key] == nil {
                throw entry.error("missing key '\(key)'")
            }
            let optInNode = members["optIn"]!
            var optIn = try valueReference(optInNode)
            if case .constant = optIn.origin { throw optInNode.error("must name a column") }
            if optIn.type != .boolean {
                if case .object(let object) = optInNode.value, object["type"] != nil {
                    throw optInNode.child("type", .null).error("an opt-in is read as a boolean")
                }
                optIn.type = .boolean
            }
            let mapping = SubscriptionMapping(
                channel: try members["channel"]!.oneOf(SubscriptionMapping.Channel.self),
                type: try members["type"]!.oneOf(SubscriptionMapping.Kind.self),
                signUpSourceId: try members["signUpSourceId"]!.visibleText(),
                optIn: optIn,
                unsubscribeUnknown: try members["unsubscribeUnknown"]?.bool() ?? false)
            guard seen.insert(mapping.scope).inserted else {
                throw entry.error("\(mapping.channel.rawValue) \(mapping.type.rawValue) is mapped twice")
            }
            mappings.append(mapping)
        }
        return mappings
    }

    static func identityLinksMapping(_ node: MappingNode) throws(MappingError) -> IdentityLinksMapping {
        let members = try node.members(allowed: ["clientUserId", "shopifyId", "klaviyoId", "customIdentifiers"])
        var links: [IdentityLinksMapping.Link] = []
        for name in ["clientUserId", "shopifyId", "klaviyoId"] {
            if let link = members[name] { links.append(.init(name: name, value: try stringReference(link))) }
        }
        if let custom = members["customIdentifiers"] {
            for (name, link) in try custom.namedMembers("custom identifier") {
                links.append(.init(name: IdentityLinksMapping.customPrefix + name, value: try stringReference(link)))
            }
        }
        guard !links.isEmpty else { throw node.error("is empty: map at least one identifier or remove the key") }
        return IdentityLinksMapping(links: links)
    }

    /// A value reference read as a string (identifiers are strings).
    static func stringReference(_ node: MappingNode) throws(MappingError) -> ValueReference {
        let reference = try valueReference(node)
        guard reference.type == .string || reference.type == .integer else {
            throw node.child("type", .null).error("an identifier is read as a string")
        }
        return reference
    }

    static func sourceConfiguration(_ node: MappingNode, baseDirectory: String) throws(MappingError) -> SourceConfiguration {
        let members = try node.members(allowed: ["csv", "postgres"])
        switch (members["csv"], members["postgres"]) {
        case (let csv?, nil): return .csv(try csvConfiguration(csv, baseDirectory: baseDirectory))
        case (nil, let postgres?): return .postgres(try postgresConfiguration(postgres, baseDirectory: baseDirectory))
        case (.some, .some): throw node.error("give either 'csv' or 'postgres', not both")
        case (nil, nil): throw node.error("expected 'csv' or 'postgres'")
        }
    }

    static func csvConfiguration(_ csv: MappingNode, baseDirectory: String) throws(MappingError) -> CSVSourceConfiguration {
        let options = try csv.members(allowed: ["path", "delimiter", "header", "encoding"])
        guard let pathNode = options["path"] else { throw csv.error("missing key 'path'") }
        let path = try pathNode.nonEmptyString()
        var configuration = CSVSourceConfiguration(path: resolve(path, against: baseDirectory))
        if let delimiter = options["delimiter"] {
            let text = try delimiter.string()
            guard text.utf8.count == 1, let byte = text.utf8.first, byte != UInt8(ascii: "\""),
                  byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r")
            else { throw delimiter.error("must be a single ASCII character other than a quote or a line break") }
            configuration.delimiter = byte
        }
        if let header = options["header"] { configuration.header = try header.bool() }
        if let encoding = options["encoding"] {
            let name = try encoding.string()
            guard let known = TextEncoding(rawValue: name.lowercased()) else {
                throw encoding.error("'\(name)' is not one of \(TextEncoding.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))")
            }
            configuration.encoding = known
        }
        return configuration
    }

    /// `query` or `queryFile` (read now, relative to the mapping file), and `connection`:
    /// a connection string or URI, `{"env": "NAME"}`, or absent for libpq's environment.
    static func postgresConfiguration(_ node: MappingNode, baseDirectory: String) throws(MappingError) -> PostgresSourceConfiguration {
        let options = try node.members(allowed: ["query", "queryFile", "connection"])
        var configuration: PostgresSourceConfiguration
        switch (options["query"], options["queryFile"]) {
        case (let query?, nil):
            configuration = PostgresSourceConfiguration(query: try query.nonBlankQuery())
        case (nil, let file?):
            let path = resolve(try file.nonEmptyString(), against: baseDirectory)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw file.error("cannot read the query file \(path)")
            }
            guard !text.allSatisfy({ $0.isWhitespace || $0 == ";" }) else { throw file.error("the query file \(path) is empty") }
            configuration = PostgresSourceConfiguration(query: text, queryFile: path)
        case (.some, .some): throw node.error("give either 'query' or 'queryFile', not both")
        case (nil, nil): throw node.error("missing key 'query' (or 'queryFile')")
        }
        if let connection = options["connection"] {
            if case .string = connection.value {
                configuration.connection = .string(PostgresConnectionString(try connection.nonEmptyString()))
            } else {
                let members = try connection.members(allowed: ["env"])
                guard let name = members["env"] else { throw connection.error("expected a connection string or {\"env\": \"NAME\"}") }
                configuration.connection = .environment(try name.nonEmptyString())
            }
        }
        return configuration
    }

    static func resolve(_ path: String, against baseDirectory: String) -> String {
        if path == "-" || path.hasPrefix("/") || baseDirectory.isEmpty { return path }
        return (baseDirectory as NSString).appendingPathComponent(path)
    }

    static func identityMapping(_ node: MappingNode) throws(MappingError) -> IdentityMapping {
        let members = try node.members(allowed: ["phone", "email", "primary"])
        var phone: PhoneColumn?
        if let phoneNode = members["phone"] {
            if case .string = phoneNode.value {
                phone = PhoneColumn(column: try phoneNode.nonEmptyString())
            } else {
                let options = try phoneNode.members(allowed: ["column", "defaultRegion"])
                guard let column = options["column"] else { throw phoneNode.error("missing key 'column'") }
                phone = PhoneColumn(column: try column.nonEmptyString())
                if let region = options["defaultRegion"] {
                    let code = try region.nonEmptyString()
                    guard (try? PhoneNormalizer(defaultRegion: code)) != nil else {
                        throw region.error("'\(code)' is not a region libphonenumber knows (ISO 3166-1 alpha-2, e.g. US)")
                    }
                    phone?.defaultRegion = code
                }
            }
        }
        let email = try members["email"]?.nonEmptyString()
        guard phone != nil || email != nil else { throw node.error("map 'phone', 'email' or both") }
        let primary = try members["primary"]?.oneOf(IdentifierKind.self)
        if let primary, let primaryNode = members["primary"] {
            if primary == .phone && phone == nil { throw primaryNode.error("'phone' is not mapped") }
            if primary == .email && email == nil { throw primaryNode.error("'email' is not mapped") }
        }
        return IdentityMapping(phone: phone, email: email, primary: primary)
    }

    static func attributeMappings(_ node: MappingNode) throws(MappingError) -> [AttributeMapping] {
        var mappings: [AttributeMapping] = []
        for (name, valueNode) in try node.namedMembers("attribute") {
            guard name.count <= 200 else { throw valueNode.error("Attentive allows attribute names of at most 200 characters") }
            mappings.append(AttributeMapping(name: name, value: try valueReference(valueNode)))
        }
        return mappings
    }

    /// A column name, or `{column|value, type, format, default}`.
    static func valueReference(_ node: MappingNode) throws(MappingError) -> ValueReference {
        if case .string = node.value { return ValueReference(origin: .column(try node.nonEmptyString())) }
        let members = try node.members(allowed: ["column", "value", "type", "format", "default", "split"])
        if let split = members["split"] { throw split.error("'split' applies to catalog mappings only") }
        let type = try members["type"]?.oneOf(ValueType.self)
        let origin: ValueReference.Origin
        switch (members["column"], members["value"]) {
        case (let column?, nil): origin = .column(try column.nonEmptyString())
        case (nil, let value?): origin = .constant(try constantText(value))
        case (.some, .some): throw node.error("give either 'column' or 'value', not both")
        case (nil, nil): throw node.error("missing key 'column' (or 'value' for a constant)")
        }
        let reference = ValueReference(
            origin: origin,
            type: type ?? members["value"].map(inferredType) ?? .string,
            format: try members["format"]?.nonEmptyString(),
            defaultValue: try members["default"].map(constantText)
        )
        if let format = members["format"], reference.type != .date, reference.type != .datetime {
            throw format.error("'format' applies to date and datetime values only")
        }
        let parser: ValueParser
        do {
            parser = try ValueParser(type: reference.type, format: reference.format)
        } catch {
            throw (members["format"] ?? node).error("\(error)")
        }
        for (key, text) in [("value", reference.origin.constantText), ("default", reference.defaultValue)] {
            guard let text, let keyNode = members[key] else { continue }
            do {
                _ = try parser.parse(text)
            } catch {
                throw keyNode.error("\(error) (type \(reference.type.rawValue))")
            }
        }
        return reference
    }

    /// A constant's text: strings and numbers as written (the type then reads it, as a cell), booleans as JSON writes them.
    static func constantText(_ node: MappingNode) throws(MappingError) -> String {
        switch node.value {
        case .string(let string): return string
        case .bool(let bool): return bool ? "true" : "false"
        case .number(let text): return text
        default: throw node.error("expected a string, number or boolean, found \(node.value.kind)")
        }
    }

    static func inferredType(_ node: MappingNode) -> ValueType {
        switch node.value {
        case .bool: .boolean
        case .number: .number
        default: .string
        }
    }

    static func removalPolicy(_ node: MappingNode) throws(MappingError) -> RemovalPolicy {
        let members = try node.members(allowed: ["customAttributes", "subscriptions", "segments"])
        return RemovalPolicy(
            customAttributes: try members["customAttributes"]?.oneOf(RemovalPolicy.Attributes.self) ?? .ignore,
            subscriptions: try members["subscriptions"]?.oneOf(RemovalPolicy.Subscriptions.self) ?? .ignore,
            segments: try members["segments"]?.oneOf(RemovalPolicy.Segments.self) ?? .remove)
    }
}

extension ValueReference.Origin {
    var constantText: String? {
        if case .constant(let text) = self { return text }
        return nil
    }
}
