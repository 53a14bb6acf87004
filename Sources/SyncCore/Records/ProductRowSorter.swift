/// Groups a catalog's variant rows by product id, wherever in the source they are, in
/// bounded memory: an external merge sort.
///
/// Rows are buffered until they take about `memoryBudget` bytes, then sorted by
/// (product id, line) and spilled to a temporary file as a sorted run. `finish()` merges
/// the runs and yields each product's rows together, in source order. A catalog that fits
/// in the budget never touches disk. Products come out in the byte order of their ids.
final class ProductRowSorter {
    private let memoryBudget: Int
    private let maximumRowsPerProduct: Int
    private var buffer: [VariantRow] = []
    private var bufferedBytes = 0
    private var scratch: ScratchDirectory?
    private var runs: [String] = []

    /// - Parameter maximumRowsPerProduct: rows kept per product; more are only counted
    ///   (such a product is invalid anyway), so one runaway id cannot exhaust memory.
    init(memoryBudget: Int = CatalogPlanner.defaultMemoryBudget, maximumRowsPerProduct: Int) {
        self.memoryBudget = memoryBudget
        self.maximumRowsPerProduct = maximumRowsPerProduct
    }

    /// The number of sorted runs spilled to disk so far.
    var spilledRuns: Int { runs.count }

    func add(_ row: VariantRow) throws {
        buffer.append(row)
        bufferedBytes += row.approximateSize
        if bufferedBytes >= memoryBudget { try spill() }
    }

    /// Stops taking rows and starts handing out products.
    func finish() throws -> ProductRowGroups {
        buffer.sort(by: VariantRow.precedes)
        if runs.isEmpty {
            let rows = buffer
            buffer = []
            var index = 0
            return ProductRowGroups(maximumRowsPerProduct: maximumRowsPerProduct, scratch: nil) {
                guard index < rows.count else { return nil }
                defer { index += 1 }
                return rows[index]
            }
        }
        try spill()
        let merge = try RunMerge(paths: runs)
        return ProductRowGroups(maximumRowsPerProduct: maximumRowsPerProduct, scratch: scratch) { try merge.next() }
    }

    private func spill() throws {
        guard !buffer.isEmpty else { return }
        if scratch == nil { scratch = try ScratchDirectory(prefix: "attentive-sync-catalog-sort") }
        buffer.sort(by: VariantRow.precedes)
        let path = scratch!.file("run-\(runs.count)")
        let writer = try SortedRunFile.Writer(path: path)
        for row in buffer { try writer.append(row) }
        try writer.flush()
        runs.append(path)
        buffer.removeAll(keepingCapacity: true)
        bufferedBytes = 0
    }
}

/// One product's rows, in source order.
struct ProductRows: Sendable, Equatable {
    var productID: String
    /// At most the sorter's `maximumRowsPerProduct`.
    var rows: [VariantRow]
    /// Every row of the product, kept or not.
    var rowCount: Int
    /// The product's last source line.
    var lastLine: Int

    /// The source lines of the kept rows.
    var lines: [Int] { rows.map(\.line) }
}

/// The products of a finished `ProductRowSorter`, one after another.
///
/// `@unchecked Sendable`: used by one thread at a time; the catalog planner merges the next
/// chunk on another thread and waits for it before merging again.
final class ProductRowGroups: @unchecked Sendable {
    private let maximumRowsPerProduct: Int
    private let nextRow: () throws -> VariantRow?
    private var pending: VariantRow?
    /// Keeps the sorted runs on disk until the groups are read.
    private let scratch: ScratchDirectory?

    init(maximumRowsPerProduct: Int, scratch: ScratchDirectory?, nextRow: @escaping () throws -> VariantRow?) {
        self.maximumRowsPerProduct = maximumRowsPerProduct
        self.scratch = scratch
        self.nextRow = nextRow
    }

    /// The next product's rows, or nil when every product was handed out.
    func next() throws -> ProductRows? {
        guard let first = try pending ?? nextRow() else { return nil }
        pending = nil
        var group = ProductRows(productID: first.productID, rows: [first], rowCount: 1, lastLine: first.line)
        while let row = try nextRow() {
            guard VariantRow.sameProduct(row.productID, group.productID) else {
                pending = row
                break
            }
            group.rowCount += 1
            group.lastLine = row.line
            if group.rows.count < maximumRowsPerProduct { group.rows.append(row) }
        }
        return group
    }
}

/// A k-way merge of sorted run files through a binary heap of their heads.
private final class RunMerge {
    private var readers: [SortedRunFile.Reader]
    /// Heads of the runs not yet exhausted, as (row, reader index), heap-ordered.
    private var heap: [(row: VariantRow, run: Int)] = []

    init(paths: [String]) throws {
        readers = try paths.map { try SortedRunFile.Reader(path: $0) }
        for (index, reader) in readers.enumerated() {
            if let row = try reader.next() { push((row, index)) }
        }
    }

    func next() throws -> VariantRow? {
        guard let top = heap.first else { return nil }
        if let following = try readers[top.run].next() {
            heap[0] = (following, top.run)
            siftDown(0)
        } else {
            let last = heap.removeLast()
            if !heap.isEmpty {
                heap[0] = last
                siftDown(0)
            }
        }
        return top.row
    }

    private func push(_ entry: (row: VariantRow, run: Int)) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard VariantRow.precedes(heap[child].row, heap[parent].row) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, VariantRow.precedes(heap[left].row, heap[smallest].row) { smallest = left }
            if right < heap.count, VariantRow.precedes(heap[right].row, heap[smallest].row) { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
