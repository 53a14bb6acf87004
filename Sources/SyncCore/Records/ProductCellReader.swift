/// Reads one mapped field from a variant row: a column's cell parsed as the field's type,
/// a constant, or the default for an empty cell. Column positions are resolved once.
struct ProductCellReader: Sendable {
    /// Position in `VariantRow.fields`; nil for a constant.
    let column: Int?
    let constant: String?
    let defaultValue: String?
    let parser: ValueParser
    /// `field (column col)` for reasons; never the cell's content.
    let label: String

    init(_ reference: ValueReference, field: String, columns: [String: Int]) throws {
        column = reference.column.flatMap { columns[$0] }
        constant = reference.origin.constantText
        defaultValue = reference.defaultValue
        parser = try ValueParser(type: reference.type, format: reference.format)
        label = reference.column.map { "\(field) (column \($0))" } ?? field
    }

    /// The trimmed text of the cell (or the constant, or the default); nil when empty.
    func text(in row: VariantRow) -> String? {
        if let constant { return constant.trimmedValue.isEmpty ? nil : constant.trimmedValue }
        guard let column else { return nil }
        let text = row.fields[column].trimmedValue
        if !text.isEmpty { return text }
        return defaultValue.map(\.trimmedValue).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The typed value, nil when empty.
    func value(in row: VariantRow) throws(ValueError) -> AttributeValue? {
        guard let text = text(in: row) else { return nil }
        return try parser.parse(text)
    }

    /// A string field (dates as their canonical text), nil when empty.
    func string(in row: VariantRow) throws(ValueError) -> String? {
        try value(in: row)?.displayText
    }

    /// A number kept as the source writes it, after checking that it is one.
    func decimal(in row: VariantRow) throws(ValueError) -> String? {
        guard let text = text(in: row) else { return nil }
        _ = try parser.parse(text)
        return text
    }

    func boolean(in row: VariantRow) throws(ValueError) -> Bool? {
        guard case .boolean(let flag)? = try value(in: row) else { return nil }
        return flag
    }

    func integer(in row: VariantRow) throws(ValueError) -> Int? {
        guard case .number(let literal)? = try value(in: row) else { return nil }
        guard let integer = Int(literal) else { throw ValueError(reason: "integer out of range") }
        return integer
    }
}
