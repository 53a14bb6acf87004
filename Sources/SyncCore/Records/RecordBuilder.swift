/// Turns a source row into a `CustomerRecord` per the mapping: identifiers normalized,
/// values typed. Column positions are resolved once, against the source's header.
public struct RecordBuilder: Sendable {
    struct AttributeReader: Sendable {
        var name: String
        var column: Int?
        var constant: AttributeValue?
        var defaultValue: AttributeValue?
        var parser: ValueParser
        /// `Name (column col)` for reasons; never the cell's content.
        var label: String

        init(name: String, reference: ValueReference, columns index: [String: Int]) throws {
            let parser = try ValueParser(type: reference.type, format: reference.format)
            self.name = name
            column = reference.column.flatMap { index[$0] }
            constant = try reference.origin.constantText.flatMap { try parser.parse($0) }
            defaultValue = try reference.defaultValue.flatMap { try parser.parse($0) }
            self.parser = parser
            label = reference.column.map { "\(name) (column \($0))" } ?? name
        }

        /// The value in a row: parsed, defaulted, or nil for an empty cell.
        func value(in fields: [String]) throws(ValueError) -> AttributeValue? {
            if let constant { return constant }
            guard let column else { return nil }
            return try parser.parse(fields[column]) ?? defaultValue
        }
    }

    let identity: IdentityReader
    let attributes: [AttributeReader]
    let optIns: [AttributeReader]
    let links: [AttributeReader]
    let memberships: [AttributeReader]

    /// Attentive's limit on an identifier's length.
    static let maximumIdentifierLength = 100

    /// - Throws: `MissingColumnsError` when the source lacks a mapped column.
    public init(mapping: Mapping, columns: [String], sourceName: String) throws {
        let index = try MissingColumnsError.positions(of: mapping.referencedColumns, in: columns, source: sourceName)

        identity = try IdentityReader(mapping.identity, columns: index)
        func reader(_ name: String, _ reference: ValueReference) throws -> AttributeReader {
            try AttributeReader(name: name, reference: reference, columns: index)
        }
        attributes = try mapping.customAttributes.map { try reader($0.name, $0.value) }
        optIns = try mapping.subscriptions.map {
            try reader("\($0.channel.rawValue) \($0.type.rawValue) opt-in", $0.optIn)
        }
        links = try (mapping.identityLinks?.links ?? []).map { try reader($0.name, $0.value) }
        memberships = try mapping.segments.map { try reader("segment \($0.externalId) member", $0.member) }
    }

    /// The warnings `build` gives a row: those of its identifiers.
    func warnings(line: Int, fields: [String]) -> [String] {
        var warnings: [String] = []
        _ = identity.read(line: line, fields: fields, warnings: &warnings)
        return warnings
    }

    /// The record for one row, or why the row cannot be used.
    public func build(line: Int, fields: [String]) -> Result<CustomerRecord, RowRejection> {
        var warnings: [String] = []
        let key: String, user: UserIdentity
        switch identity.read(line: line, fields: fields, warnings: &warnings) {
        case .success(let read): (key, user) = read
        case .failure(let rejection): return .failure(rejection)
        }
        var values: [String: AttributeValue] = [:]
        values.reserveCapacity(attributes.count)
        var optInValues: [Bool?] = []
        optInValues.reserveCapacity(optIns.count)
        var membershipValues: [Bool?] = []
        var linkValues: [String: String] = [:]
        var tooLong: [String] = []
        /// A reader's value in this row; a value it cannot read rejects the row, naming the reader.
        func value(_ reader: AttributeReader) throws(RowRejection) -> AttributeValue? {
            do { return try reader.value(in: fields) } catch {
                throw RowRejection(line: line, reason: "\(reader.label): \(error)", key: key)
            }
        }
        do {
            for reader in attributes {
                if let value = try value(reader) { values[reader.name] = value }
            }
            for reader in optIns {
                guard case .boolean(let optedIn)? = try value(reader) else {
                    optInValues.append(nil)
                    continue
                }
                optInValues.append(optedIn)
            }
            for reader in memberships {
                guard case .boolean(let member)? = try value(reader) else {
                    membershipValues.append(nil)
                    continue
                }
                membershipValues.append(member)
            }
            for reader in links {
                guard let value = try value(reader) else { continue }
                let text = value.displayText
                if text.count > Self.maximumIdentifierLength { tooLong.append(reader.name) }
                linkValues[reader.name] = text
            }
        } catch {
            return .failure(error)
        }
        return .success(CustomerRecord(
            key: key, user: user, attributes: values, line: line, warnings: warnings,
            optIns: optInValues, links: linkValues,
            linkRejection: links.isEmpty ? nil : Self.linkRejection(linkValues, tooLong: tooLong),
            memberships: membershipValues))
    }

    /// Attentive's rules for identity links: values of at most 100 characters, and a client
    /// user id or a custom identifier beside the person's phone or email.
    static func linkRejection(_ values: [String: String], tooLong: [String]) -> String? {
        if !tooLong.isEmpty {
            return "identityLinks: \(tooLong.joined(separator: ", ")) longer than \(maximumIdentifierLength) characters"
        }
        if values.isEmpty { return "identityLinks: no identifier values" }
        if values["clientUserId"] == nil && !values.keys.contains(where: { $0.hasPrefix(IdentityLinksMapping.customPrefix) }) {
            return "identityLinks: fewer than two identifiers (a clientUserId or a custom identifier is needed)"
        }
        return nil
    }

    static func isBlank(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
}
