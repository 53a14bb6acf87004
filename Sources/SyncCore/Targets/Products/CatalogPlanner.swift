/// Diffs a catalog source against the state: groups variant rows into products (on disk
/// when they do not fit the memory budget), builds and validates each product, and
/// compares its fingerprint with the one last acknowledged under scope `product`.
/// New and changed products (every valid one with `full`) go into the upload files;
/// with `onRemoved.catalog: markUnavailable`, so do removed products, every variant made
/// unavailable. Sends nothing and writes no state.
public struct CatalogPlanner {
    /// Rows grouped in memory before sorted runs go to disk: about 64 MiB.
    public static let defaultMemoryBudget = 64 << 20
    /// Products built side by side at a time.
    static let chunkSize = 2_048

    public let mapping: CatalogMapping
    public let state: any StateStore
    public var fileLimits: CatalogFileLimits
    /// About how many bytes of rows are grouped in memory before sorted runs go to disk.
    public var memoryBudget: Int

    public init(mapping: CatalogMapping, state: any StateStore, fileLimits: CatalogFileLimits = .attentive,
                memoryBudget: Int = CatalogPlanner.defaultMemoryBudget) {
        self.mapping = mapping
        self.state = state
        self.fileLimits = fileLimits
        self.memoryBudget = memoryBudget
    }

    /// Reads the whole source and returns the plan with its upload files.
    ///
    /// - Throws: `MissingColumnsError` before reading any row when a mapped column is missing;
    ///   the source's error when it becomes unreadable; an I/O error from the temporary files.
    ///
    /// - Parameter writingFiles: false for a dry run: the products are serialized and counted
    ///   into files, but nothing is written.
    public func plan(source: any RowSource, full: Bool = false, writingFiles: Bool = true) throws -> CatalogPlan {
        let projection = try Self.projection(of: mapping.referencedColumns, in: source)
        let builder = try ProductBuilder(mapping: mapping)
        var plan = Plan(mapping: mapping.name, source: source.description)
        plan.unchanged[.products] = 0
        let sorter = ProductRowSorter(memoryBudget: memoryBudget, maximumRowsPerProduct: ProductLimits.maximumVariants + 1)
        let idColumn = mapping.product.id.column ?? ""
        while let row = try source.next() {
            plan.rowsRead += 1
            switch row {
            case .rejected(let line, let reason):
                plan.rejected.append(RowRejection(line: line, reason: reason))
            case .row(let line, let fields):
                var projected = projection.map { fields[$0] }
                projected[0] = projected[0].trimmedValue
                guard !projected[0].isEmpty else {
                    plan.rejected.append(RowRejection(line: line, reason: "product id (column \(idColumn)): empty", target: .products))
                    continue
                }
                try sorter.add(VariantRow(line: line, fields: projected))
            }
        }
        let groups = try sorter.finish()
        let known = try state.fingerprints(mapping: mapping.name, scope: .product)
        var gone = Set(known.keys)
        let writer = CatalogFileWriter(limits: fileLimits, writes: writingFiles)
        var sourceLines: [[Int]] = []
        var productsRead = 0
        func take(_ built: Result<ProductRecord, ProductRejection>) throws {
            let record: ProductRecord
            switch built {
            case .failure(let rejection):
                plan.rejected.append(RowRejection(line: rejection.firstLine, reason: rejection.summary, target: .products))
                return
            case .success(let product):
                record = product
            }
            let previous = known[record.product.id]
            if previous == record.fingerprint && !full {
                plan.unchanged[.products, default: 0] += 1
                return
            }
            let old = try previous == nil ? nil : state.payloadText(mapping: mapping.name, scope: .product, key: record.product.id)
                .flatMap(ProductDiff.product(fromLine:))
            try writer.append(record.json)
            plan.changes.append(change(old == nil ? .create : .update, id: record.product.id, line: record.lines.first,
                                       fields: old.map { ProductDiff.changes(from: $0, to: record.product) } ?? ProductDiff.summary(of: record.product),
                                       fingerprint: record.fingerprint))
            sourceLines.append(record.lines)
        }
        // Products are built side by side, a chunk at a time, and taken in order.
        func build(_ chunk: [ProductRows]) throws {
            for built in chunk.parallelMap({ builder.build($0) }) { try take(built) }
        }
        var chunk: [ProductRows] = []
        chunk.reserveCapacity(Self.chunkSize)
        while let group = try groups.next() {
            productsRead += 1
            gone.remove(group.productID)
            chunk.append(group)
            if chunk.count == Self.chunkSize {
                try build(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        try build(chunk)
        if mapping.onRemoved == .markUnavailable {
            for id in gone.sorted() {
                guard let text = try state.payloadText(mapping: mapping.name, scope: .product, key: id),
                      var product = ProductDiff.product(fromLine: text)
                else { continue }
                let fields = ProductDiff.markingUnavailable(product)
                for index in product.variants.indices { product.variants[index].availableForPurchase = false }
                try writer.append(product.ndjsonLine)
                plan.changes.append(change(.delete, id: id, line: nil, fields: fields, fingerprint: 0))
                sourceLines.append([])
            }
        }
        var catalogPlan = CatalogPlan(plan: plan, files: try writer.finish(), sourceLines: sourceLines)
        catalogPlan.productsRead = productsRead
        catalogPlan.spilledRuns = sorter.spilledRuns
        return catalogPlan
    }

    /// A product change. Its payload is filled from the upload file once Attentive has the product;
    /// a removed product's (`delete`) stays nil: the state forgets it.
    func change(_ operation: Change.Operation, id: String, line: Int?, fields: [FieldChange], fingerprint: UInt64) -> Change {
        Change(key: id, target: .products, operation: operation, user: UserIdentity(), line: line,
               request: .catalogProduct, fields: fields,
               acknowledged: AcknowledgedRecord(scope: .product, key: id, fingerprint: fingerprint, payload: nil))
    }

    /// Checks, before any row is read, that the source has every column the mapping reads;
    /// returns how many columns that is.
    public static func checkColumns(of mapping: CatalogMapping, in source: any RowSource) throws -> Int {
        _ = try projection(of: mapping.referencedColumns, in: source)
        _ = try ProductBuilder(mapping: mapping)
        return mapping.referencedColumns.count
    }

    /// Positions in the source's rows of each referenced column.
    ///
    /// - Throws: `MissingColumnsError` naming every mapped column the source lacks.
    static func projection(of referenced: [String], in source: any RowSource) throws -> [Int] {
        var index: [String: Int] = [:]
        for (position, column) in source.columns.enumerated() where index[column] == nil { index[column] = position }
        let missing = referenced.filter { index[$0] == nil }
        guard missing.isEmpty else { throw MissingColumnsError(source: source.description, columns: missing) }
        return referenced.map { index[$0]! }
    }
}
