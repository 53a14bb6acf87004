import Logging
import Testing
@testable import SyncCore

/// How a finished upload's report is turned into acknowledged products and failures.
@Suite struct CatalogUploaderTests {
    let directory = TemporaryDirectory()

    /// Five products (P1…P5, one row each, on lines 2…6) planned against an empty state.
    func plannedCatalog(state: any StateStore) throws -> CatalogPlan {
        let rows = (1...5).map { CatalogTestMapping.cells(product: "P\($0)", variant: "V\($0)") }
        let mapping = CatalogTestMapping.mapping(csvPath: directory.write("catalog.csv", CatalogTestMapping.csv(rows)))
        return try CatalogPlanner(mapping: mapping, state: state).plan(source: SourceOpener.open(mapping.source))
    }

    func settle(_ answer: String) throws -> (result: SendResult, recorded: Set<String>) {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let plan = try plannedCatalog(state: state)
        let uploader = CatalogUploader(api: ScriptedAPI { _, _, _ in APIReply(.rejected(status: 400, message: "unused")) },
                                       logger: Logger(label: "test"))
        var result = SendResult()
        try uploader.settle(plan.files.files[0], status: try #require(CatalogUploadStatus(json: answer)), validateOnly: false, plan: plan,
                            ledger: Sender.Ledger(state: state, mapping: "test"), into: &result)
        return (result, Set(try state.fingerprints(mapping: "test", scope: .product).keys))
    }

    @Test func anErrorFailsTheProductOnItsLineAndTheRestAreRecorded() throws {
        let (result, recorded) = try settle("""
            {"uploadId": "u1", "status": "completed", "productsReceived": 5, "productsProcessed": 4,
             "errors": [{"errorType": "INVALID_IMAGE", "errorMessage": "image cannot be fetched", "lineNum": 2}]}
            """)
        #expect(result.acknowledged == 4)
        #expect(result.failures == [RecordFailure(
            target: .products, key: "P2",
            reason: "Attentive: INVALID_IMAGE: image cannot be fetched (line 2 of upload u1; source line 3)")])
        #expect(recorded == ["P1", "P3", "P4", "P5"])
        #expect(result.notes.first?.note == "completed: 5 products received, 4 processed, 1 error")
    }

    @Test func whenAttentiveListsFewerFailuresThanItCountsNothingUnlistedIsRecorded() throws {
        let (result, recorded) = try settle("""
            {"uploadId": "u1", "status": "completed", "productsReceived": 5, "productsProcessed": 2,
             "errors": [{"errorType": "X", "errorMessage": "m", "lineNum": 1}]}
            """)
        #expect(result.acknowledged == 0)
        #expect(recorded.isEmpty)
        #expect(result.failures.count == 5)
        #expect(result.failures[1].reason.contains("reported 3 failing products but listed 1"))
    }

    @Test func aFileLevelErrorFailsEveryProduct() throws {
        let (result, recorded) = try settle("""
            {"uploadId": "u1", "status": "completed", "errors": [{"errorType": "INVALID_ENCODING", "errorMessage": "not UTF-8", "lineNum": 0}]}
            """)
        #expect(result.failures.count == 5)
        #expect(result.failures.allSatisfy { $0.reason == "Attentive refused upload u1: INVALID_ENCODING: not UTF-8" })
        #expect(recorded.isEmpty)
    }

    @Test func aCleanUploadRecordsEveryProductWithItsCatalogLine() throws {
        let state = try SQLiteStateStore(path: directory.path("clean.sqlite"))
        let plan = try plannedCatalog(state: state)
        let uploader = CatalogUploader(api: ScriptedAPI { _, _, _ in APIReply(.rejected(status: 400, message: "unused")) },
                                       logger: Logger(label: "test"))
        var result = SendResult()
        try uploader.settle(plan.files.files[0], status: try #require(CatalogUploadStatus(json: #"{"uploadId": "u", "status": "completed"}"#)),
                            validateOnly: false, plan: plan, ledger: Sender.Ledger(state: state, mapping: "test"), into: &result)
        #expect(result.acknowledged == 5)
        let line = try #require(try state.payloadText(mapping: "test", scope: .product, key: "P3"))
        #expect(Product(catalogLine: line)?.variants.map(\.id) == ["V3"])
        #expect(try plannedCatalog(state: state).plan.changes.isEmpty)
    }
}
