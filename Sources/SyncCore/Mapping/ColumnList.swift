/// Source column names in the order first added, each once: the columns a mapping reads.
struct ColumnList {
    private var seen = Set<String>()
    private(set) var columns: [String] = []

    mutating func add(_ column: String?) {
        if let column, seen.insert(column).inserted { columns.append(column) }
    }

    /// Starting with the identity's phone and email columns.
    init(identity: IdentityMapping) {
        add(identity.phone?.column)
        add(identity.email)
    }

    init() {}
}
