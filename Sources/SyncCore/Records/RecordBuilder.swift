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
    }

    let primary: IdentifierKind
    let phoneColumn: Int?
    let phone: PhoneNormalizer?
    let emailColumn: Int?
    let attributes: [AttributeReader]

    /// - Throws: `MissingColumnsError` when the source lacks a mapped column.
    public init(mapping: Mapping, columns: [String], sourceName: String) throws {
        var index: [String: Int] = [:]
        for (position, column) in columns.enumerated() where index[column] == nil { index[column] = position }
        let missing = mapping.referencedColumns.filter { index[$0] == nil }
        guard missing.isEmpty else { throw MissingColumnsError(source: sourceName, columns: missing) }

        primary = mapping.identity.primary
        phoneColumn = mapping.identity.phone.flatMap { index[$0.column] }
        phone = try mapping.identity.phone.map { try PhoneNormalizer(defaultRegion: $0.defaultRegion) }
        emailColumn = mapping.identity.email.flatMap { index[$0] }
        attributes = try mapping.customAttributes.map { attribute in
            let reference = attribute.value
            let parser = try ValueParser(type: reference.type, format: reference.format)
            return AttributeReader(
                name: attribute.name,
                column: reference.column.flatMap { index[$0] },
                constant: try reference.origin.constantText.flatMap { try parser.parse($0) },
                defaultValue: try reference.defaultValue.flatMap { try parser.parse($0) },
                parser: parser,
                label: reference.column.map { "\(attribute.name) (column \($0))" } ?? attribute.name
            )
        }
    }

    /// The record for one row, or why the row cannot be used.
    public func build(line: Int, fields: [String]) -> Result<CustomerRecord, RowRejection> {
        var warnings: [String] = []
        var user = UserIdentity()
        if let phoneColumn, let phone {
            let raw = fields[phoneColumn]
            user.phone = phone.e164(raw)
            if user.phone == nil {
                let reason = Self.isBlank(raw) ? "phone: empty" : "phone: not a valid phone number"
                if primary == .phone { return .failure(RowRejection(line: line, reason: reason)) }
                if !Self.isBlank(raw) { warnings.append(reason) }
            }
        }
        if let emailColumn {
            let raw = fields[emailColumn]
            user.email = EmailNormalizer.normalize(raw)
            if user.email == nil {
                let reason = Self.isBlank(raw) ? "email: empty" : "email: not a valid address"
                if primary == .email { return .failure(RowRejection(line: line, reason: reason)) }
                if !Self.isBlank(raw) { warnings.append(reason) }
            }
        }
        var values: [String: AttributeValue] = [:]
        values.reserveCapacity(attributes.count)
        for reader in attributes {
            if let constant = reader.constant {
                values[reader.name] = constant
                continue
            }
            guard let column = reader.column else { continue }
            do {
                if let value = try reader.parser.parse(fields[column]) ?? reader.defaultValue {
                    values[reader.name] = value
                }
            } catch {
                return .failure(RowRejection(line: line, reason: "\(reader.label): \(error)"))
            }
        }
        let key = primary == .phone ? user.phone! : user.email!
        return .success(CustomerRecord(key: key, user: user, attributes: values, line: line, warnings: warnings))
    }

    static func isBlank(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
}
