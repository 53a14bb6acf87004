/// What a catalog run would upload.
///
/// `plan` is the diff in the form every report, the runs table and `history` read: one
/// `Change` per product (target `products`; `create`, `update`, or `delete` for a product
/// marked unavailable), held-back products in `rejected`. A product change carries no request
/// body: its catalog line is in `files`, at the change's index.
public struct CatalogPlan: Sendable {
    public var plan: Plan
    /// The changed products' catalog lines, in the order of `plan.changes`.
    public var files: CatalogUploadFiles
    /// Per change, the source lines of the product's rows (empty for a removed product).
    public var sourceLines: [[Int]]
    /// Products read from the source, valid or not.
    public var productsRead = 0
    /// Sorted runs the grouping spilled to disk (0 when the catalog fit in memory).
    public var spilledRuns = 0

    public init(plan: Plan, files: CatalogUploadFiles, sourceLines: [[Int]]) {
        self.plan = plan
        self.files = files
        self.sourceLines = sourceLines
    }

    /// How the report names a product change's source lines: `lines 2, 5, 9`.
    public func linesText(ofChange index: Int) -> String {
        let lines = sourceLines[index]
        if lines.isEmpty { return "no longer in the source" }
        return "source line\(lines.count == 1 ? "" : "s") " + lines.map(String.init).joined(separator: ", ")
    }
}
