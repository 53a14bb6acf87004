/// Diffs a catalog source against the state: groups variant rows into products (on disk
/// when they do not fit the memory budget), counts a product whose rows' digest the state
/// knows unchanged, builds and validates the others, and compares each one's fingerprint
/// with the one last acknowledged under scope `product`.
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
        // Products whose rows are as when the state last matched them: unchanged, not built.
        let digests = full ? KnownDigests() : try state.rowDigests(mapping: mapping.name)
        let digester = ProductDigester(mapping: mapping)
        var gone = Set(known.keys)
        let writer = CatalogFileWriter(limits: fileLimits, writes: writingFiles)
        var sourceLines: [[Int]] = []
        var productsRead = 0
        func take(_ read: ProductRead, diff: ProductDiff.Outcome?) throws {
            let record: ProductRecord
            switch read.built {
            case nil:
                plan.unchanged[.products, default: 0] += 1
                plan.rowsSkipped += read.rowCount
                return
            case .failure(let rejection)?:
                plan.rejected.append(RowRejection(line: rejection.firstLine, reason: rejection.reason, target: .products, key: rejection.productID))
                return
            case .success(let product)?:
                record = product
            }
            // Once the state holds this product, its rows' digest stands for it.
            plan.settledRows.append(SettledRow(key: record.product.id, digest: read.digest, counted: 1))
            guard let diff else {
                plan.unchanged[.products, default: 0] += 1
                return
            }
            try writer.append(record.json)
            try plan.changes.append(change(diff.operation, id: record.product.id, line: record.lines.first, fields: diff.fields,
                                       fingerprint: record.fingerprint))
            sourceLines.append(record.lines)
        }
        // Products are digested and built side by side, a chunk at a time; the changed ones'
        // state is read here, in key order, then compared with them side by side; all are
        // taken in order.
        func build(_ chunk: [ProductRows]) throws {
            let reads = chunk.parallelMap { group in
                let digest = digester.digest(group)
                // The digest covers the product id's cell: a known one is this product's.
                let unchanged = digests[digest]?.counted != nil
                return ProductRead(digest: digest, rowCount: group.rowCount, built: unchanged ? nil : builder.build(group))
            }
            let changed = reads.indices.compactMap { index -> (index: Int, product: Product)? in
                guard let record = reads[index].record, full || known[record.product.id] != record.fingerprint else { return nil }
                return (index, record.product)
            }
            let stored = try state.payloadTexts(mapping: mapping.name, scope: .product,
                                                of: changed.lazy.map(\.product.id).filter { known[$0] != nil })
            let diffs = changed.parallelMap(minimumSlice: 32) { ProductDiff.outcome(of: $0.product, stored: stored[$0.product.id]) }
            var next = 0
            for (index, read) in reads.enumerated() {
                let diff = next < changed.count && changed[next].index == index ? diffs[next] : nil
                if diff != nil { next += 1 }
                try take(read, diff: diff)
            }
        }
        // The next chunk is merged out of the sorted runs while the one before is built.
        var chunk = try Self.chunk(of: groups)
        while !chunk.isEmpty {
            let following = Ahead { Result { try Self.chunk(of: groups) } }
            productsRead += chunk.count
            for group in chunk { gone.remove(group.productID) }
            try build(chunk)
            chunk = try following.result().get()
        }
        if mapping.onRemoved == .markUnavailable {
            for id in gone.sorted() {
                guard let text = try state.payloadText(mapping: mapping.name, scope: .product, key: id),
                      var product = ProductDiff.product(fromLine: text)
                else { continue }
                let fields = ProductDiff.markingUnavailable(product)
                for index in product.variants.indices { product.variants[index].availableForPurchase = false }
                try writer.append(product.ndjsonLine)
                try plan.changes.append(change(.delete, id: id, line: nil, fields: fields, fingerprint: 0))
                sourceLines.append([])
            }
        }
        var catalogPlan = CatalogPlan(plan: plan, files: try writer.finish(), sourceLines: sourceLines)
        catalogPlan.productsRead = productsRead
        catalogPlan.spilledRuns = sorter.spilledRuns
        return catalogPlan
    }

    /// The next `chunkSize` products, fewer at the end.
    static func chunk(of groups: ProductRowGroups) throws -> [ProductRows] {
        var chunk: [ProductRows] = []
        chunk.reserveCapacity(chunkSize)
        while chunk.count < chunkSize, let group = try groups.next() { chunk.append(group) }
        return chunk
    }

    /// A product's digest and, unless the digest showed it unchanged, what building it gave.
    struct ProductRead: Sendable {
        var digest: RowDigest
        var rowCount: Int
        var built: Result<ProductRecord, ProductRejection>?

        var record: ProductRecord? { if case .success(let record)? = built { record } else { nil } }
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
        let index = try MissingColumnsError.positions(of: referenced, in: source.columns, source: source.description)
        return referenced.map { index[$0]! }
    }
}
