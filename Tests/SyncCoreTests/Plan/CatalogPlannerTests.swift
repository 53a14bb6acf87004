import Foundation
import Testing
@testable import SyncCore

@Suite struct CatalogPlannerTests {
    let directory = TemporaryDirectory()

    func plan(_ rows: [[String: String]], onRemoved: String = "ignore", full: Bool = false, memoryBudget: Int = 1 << 30,
              state: any StateStore) throws -> CatalogPlan {
        let mapping = CatalogTestMapping.mapping(csvPath: directory.write("catalog.csv", CatalogTestMapping.csv(rows)), onRemoved: onRemoved)
        return try CatalogPlanner(mapping: mapping, state: state, memoryBudget: memoryBudget)
            .plan(source: SourceOpener.open(mapping.source), full: full)
    }

    /// Records every planned product as uploaded.
    func acknowledge(_ plan: CatalogPlan, in state: any StateStore) throws {
        var records: [AcknowledgedRecord] = []
        try plan.files.forEachLine { index, line in
            let change = plan.plan.changes[index]
            records.append(AcknowledgedRecord(scope: .product, key: change.key, fingerprint: change.acknowledged.fingerprint,
                                              payload: change.operation == .delete ? nil : line))
        }
        try state.acknowledge(mapping: "test", records)
    }

    func uploaded(_ plan: CatalogPlan) throws -> [Product] {
        var products: [Product] = []
        try plan.files.forEachLine { _, line in products.append(try #require(ProductDiff.product(fromLine: line))) }
        return products
    }

    /// Day 1: three products, their rows interleaved; P2 is invalid.
    let day1: [[String: String]] = [
        CatalogTestMapping.cells(product: "P1", variant: "P1-a"),
        CatalogTestMapping.cells(product: "P3", variant: "P3-a"),
        CatalogTestMapping.cells(product: "P2", variant: "P2-a", ["inventory": "lots"]),
        CatalogTestMapping.cells(product: "P1", variant: "P1-b", ["color": "Blue"]),
        CatalogTestMapping.cells(product: "P3", variant: "P3-b", ["size": "L"]),
        CatalogTestMapping.cells(product: "", variant: "orphan"),
    ]

    @Test func firstPlanCreatesTheValidProductsAndHoldsBackTheInvalid() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let plan = try plan(day1, state: state)
        #expect(plan.plan.rowsRead == 6)
        #expect(plan.productsRead == 3)
        #expect(plan.plan.changes.map(\.key) == ["P1", "P3"])
        #expect(plan.plan.changes.map(\.operation) == [.create, .create])
        #expect(plan.plan.changes.map(\.line) == [2, 3])
        #expect(plan.sourceLines == [[2, 5], [3, 6]])
        #expect(plan.plan.rejected.map(\.line) == [7, 4])
        #expect(plan.plan.rejected[0].reason == "product id (column product_id): empty")
        #expect(plan.plan.rejected[1].reason == "product held back: inventoryQuantity (column inventory): not a number")
        #expect(plan.plan.counts(for: .products) == ChangeCounts(create: 2, rejected: 2))
        #expect(try uploaded(plan).map { $0.variants.map(\.id) } == [["P1-a", "P1-b"], ["P3-a", "P3-b"]])
        #expect(plan.files.files.count == 1)
    }

    @Test func spillingToDiskPlansTheSame() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let inMemory = try plan(day1, state: state)
        let onDisk = try plan(day1, memoryBudget: 100, state: state)
        #expect(onDisk.spilledRuns > 1)
        #expect(Array(onDisk.plan.changes) == Array(inMemory.plan.changes))
        #expect(try uploaded(onDisk) == uploaded(inMemory))
    }

    /// Products are built a chunk at a time, the next merged while the one before is built:
    /// every chunk, the last one short, is planned, in id order.
    @Test func everyChunkOfProductsIsPlanned() throws {
        let count = CatalogPlanner.chunkSize * 2 + 3
        let ids = (0..<count).map { "P" + String($0 + 100_000) }
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let plan = try plan(ids.reversed().map { CatalogTestMapping.cells(product: $0, variant: $0 + "-a") }, memoryBudget: 1 << 20, state: state)
        #expect(plan.productsRead == count)
        #expect(plan.plan.changes.map(\.key) == ids)
    }

    /// Once the state holds a product, its rows' digest stands for it: the same rows are counted
    /// unchanged without being built; changed rows, a state that moved or `full` build it again.
    @Test func unchangedProductsAreSkippedByTheirRowsDigest() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let first = try plan(day1, state: state)
        try acknowledge(first, in: state)
        try state.recordDigests(mapping: "test", first.plan.settledRows)
        #expect(first.plan.settledRows.map(\.key) == ["P1", "P3"])

        let again = try plan(day1, state: state)
        #expect(again.plan.changes.isEmpty)
        #expect(again.plan.rowsSkipped == 4)
        #expect(again.plan.counts(for: .products) == ChangeCounts(unchanged: 2, rejected: 2))

        var day2 = day1
        day2[1]["price"] = "11.00"
        let changed = try plan(day2, state: state)
        #expect(changed.plan.changes.map(\.key) == ["P3"])
        #expect(changed.plan.rowsSkipped == 2)

        // P1's state moves (another upload): its digest no longer stands for it.
        try state.acknowledge(mapping: "test", [AcknowledgedRecord(scope: .product, key: "P1", fingerprint: 1, payload: "{}")])
        let moved = try plan(day1, state: state)
        #expect(moved.plan.changes.map(\.key) == ["P1"])
        #expect(moved.plan.rowsSkipped == 2)

        let full = try plan(day1, full: true, state: state)
        #expect(full.plan.changes.map(\.key) == ["P1", "P3"])
        #expect(full.plan.rowsSkipped == 0)
    }

    @Test func aSecondDayUploadsOnlyChangedProductsWithTheirChangedFields() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        try acknowledge(try plan(day1, state: state), in: state)
        var day2 = day1
        day2[1]["price"] = "11.00"
        day2[1]["updated_at"] = "2026-11-02T08:00:00Z"
        let plan = try plan(day2, state: state)
        #expect(plan.plan.changes.map(\.key) == ["P3"])
        #expect(plan.plan.changes[0].operation == .update)
        #expect(plan.plan.changes[0].fields.map(\.name) == [
            "lastUpdated", "variants[P3-a].lastUpdated", "variants[P3-a].prices[USD].amount",
        ])
        #expect(plan.plan.changes[0].fields[2].old == .string("12.50"))
        #expect(plan.plan.changes[0].fields[2].new == .string("11.00"))
        #expect(plan.plan.unchanged[.products] == 1)
        #expect(try uploaded(plan).map(\.id) == ["P3"])

        let full = try self.plan(day2, full: true, state: state)
        #expect(full.plan.changes.map(\.key) == ["P1", "P3"])
    }

    @Test func aRemovedProductIsMarkedUnavailableOnlyWhenAskedAndOnce() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        try acknowledge(try plan(day1, state: state), in: state)
        let day2 = day1.filter { $0["product_id"] != "P1" }
        #expect(try plan(day2, state: state).plan.changes.isEmpty)

        let plan = try plan(day2, onRemoved: "markUnavailable", state: state)
        #expect(plan.plan.changes.map(\.key) == ["P1"])
        #expect(plan.plan.changes[0].operation == .delete)
        #expect(plan.plan.changes[0].line == nil)
        #expect(plan.plan.changes[0].fields.map(\.name) == ["variants[P1-a].availableForPurchase", "variants[P1-b].availableForPurchase"])
        let marked = try #require(try uploaded(plan).first)
        #expect(marked.id == "P1")
        #expect(marked.variants.allSatisfy { !$0.availableForPurchase })
        #expect(marked.name == "Product P1")

        try acknowledge(plan, in: state)
        #expect(try self.plan(day2, onRemoved: "markUnavailable", state: state).plan.changes.isEmpty)
    }

    @Test func aHeldBackProductIsNotMarkedUnavailable() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        try acknowledge(try plan(day1, state: state), in: state)
        var day2 = day1
        day2[0]["product_name"] = ""
        let plan = try plan(day2, onRemoved: "markUnavailable", state: state)
        #expect(plan.plan.changes.isEmpty)
        #expect(plan.plan.rejected.contains { $0.key == "P1" && $0.reason.hasPrefix("product held back: ") })
    }

    @Test func aMissingColumnStopsBeforeAnyRow() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let mapping = CatalogTestMapping.mapping(csvPath: directory.write("c.csv", "product_id,product_name\nP1,x\n"))
        #expect(throws: MissingColumnsError.self) {
            try CatalogPlanner(mapping: mapping, state: state).plan(source: SourceOpener.open(mapping.source))
        }
    }
}
