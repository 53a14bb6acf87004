import Foundation
import SyncCore
import Testing

/// Catalog mappings end to end: the CLI against attentive-mock running as a process.
@Suite(.serialized) struct CLICatalogTests {
    static let fastMock = ["--rate-scale", "20"]

    @Test func invalidProductsAreHeldBackAndTheRestUploadWithoutValidationErrors() async throws {
        let mock = try MockProcess(Self.fastMock)
        let fixture = CatalogFixture()
        let lines = fixture.writeCatalog(count: 20, faults: [3: .ftpLink, 7: .noName, 11: .badInventory], interleaved: true)
        fixture.writeMapping()

        let result = try fixture.run("run", ["--report", fixture.reportPath], environment: mock.environment())
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("17 create"))
        #expect(result.stdout.contains("Sent 17, failed 0"))
        let uploads = try await mock.catalogUploads()
        #expect(uploads.count == 1)
        let valid = (0..<20).filter { ![3, 7, 11].contains($0) }.map(CatalogFixture.productID)
        #expect(uploads.first?.productIDs == valid)
        #expect(uploads.first?.errors.isEmpty == true)
        #expect(uploads.first?.status == "completed")
        #expect(uploads.first?.validateOnly == false)

        let rejected = try fixture.report()["rejected"] as? [[String: Any]] ?? []
        #expect(rejected.count == 3)
        for (index, fault) in [(3, "link (column product_url) is not an http(s) URL"), (7, "name (column product_name): empty"),
                               (11, "inventoryQuantity (column inventory): not a number")] {
            let id = CatalogFixture.productID(index)
            let entry = try #require(rejected.first { $0["key"] as? String == id })
            let reason = entry["reason"] as? String ?? ""
            let productLines = try #require(lines[id])
            #expect(reason == "product held back: " + fault, "\(reason)")
            #expect(productLines.contains(entry["line"] as? Int ?? 0))
        }
        // The held-back rows name the right lines: the bad inventory is on product 11's second row.
        let inventoryLine = try #require(lines[CatalogFixture.productID(11)]?[1])
        #expect(rejected.first { $0["key"] as? String == CatalogFixture.productID(11) }?["line"] as? Int == inventoryLine)

        let state = try SQLiteStateStore(path: fixture.statePath)
        #expect(Set(try state.fingerprints(mapping: "catalog-it", scope: .product).keys) == Set(valid))
        let stats = try await mock.stats()
        #expect(stats.schemaViolations == 0)
        #expect(stats.rateLimited == 0)
    }

    @Test func aDayTwoExportUploadsExactlyTheChangedProducts() async throws {
        let mock = try MockProcess(Self.fastMock)
        let fixture = CatalogFixture()
        fixture.writeCatalog(count: 30)
        fixture.writeMapping()
        #expect(try fixture.run("run", environment: mock.environment()).status == 0)

        fixture.writeCatalog(count: 30, changed: [2, 5, 29], interleaved: true)
        let plan = try fixture.run("plan", ["--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        let counts = (report["counts"] as? [String: Any])?["products"] as? [String: Any]
        #expect(counts?["update"] as? Int == 3)
        #expect(counts?["unchanged"] as? Int == 27)
        let changes = report["changes"] as? [[String: Any]] ?? []
        let fields = (changes.first?["fields"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(fields.contains("variants[P0002-0].prices[USD].amount"))
        let price = (changes.first?["fields"] as? [[String: Any]])?.first { $0["name"] as? String == "variants[P0002-0].prices[USD].amount" }
        #expect(price?["old"] as? String == "12.50")
        #expect(price?["new"] as? String == "9.99")

        let day2 = try fixture.run("run", environment: mock.environment())
        #expect(day2.status == 0, "\(day2.stdout)\(day2.stderr)")
        #expect(day2.stdout.contains("0 create, 3 update, 0 delete, 27 unchanged"))
        var uploads = try await mock.catalogUploads()
        #expect(uploads.count == 2)
        #expect(uploads.last?.productIDs == ["P0002", "P0005", "P0029"])
        let p5 = try #require(uploads.last?.products.first { $0["id"] as? String == "P0005" })
        let prices = ((p5["variants"] as? [[String: Any]])?.first?["prices"] as? [[String: Any]])?.first
        #expect(prices?["amount"] as? String == "9.99")

        let day3 = try fixture.run("run", environment: mock.environment())
        #expect(day3.stdout.contains("30 unchanged"))
        uploads = try await mock.catalogUploads()
        #expect(uploads.count == 2)

        let full = try fixture.run("run", ["--full"], environment: mock.environment())
        #expect(full.status == 0)
        uploads = try await mock.catalogUploads()
        #expect(uploads.last?.productIDs.count == 30)
        #expect(try await mock.stats().rateLimited == 0)
    }

    @Test func anAttentiveValidationErrorMapsBackToItsProductAndSourceLines() async throws {
        let mock = try MockProcess(Self.fastMock + ["--reject-product-id", "P0004"])
        let fixture = CatalogFixture()
        let lines = fixture.writeCatalog(count: 12, interleaved: true)
        fixture.writeMapping()

        let result = try fixture.run("run", environment: mock.environment())
        #expect(result.status == 1)
        #expect(result.stdout.contains("Sent 11, failed 1"))
        let p4Lines = try #require(lines["P0004"]).map(String.init).joined(separator: ", ")
        #expect(result.stdout.contains("failed P0004: Attentive: REJECTED_PRODUCT"), "\(result.stdout)")
        #expect(result.stdout.contains("line 5 of upload mock-upload-1; source lines \(p4Lines))"), "\(result.stdout)")
        let history = try fixture.run("history", ["--failures"])
        #expect(history.stdout.contains("P0004: Attentive: REJECTED_PRODUCT"))
        #expect(try SQLiteStateStore(path: fixture.statePath).fingerprints(mapping: "catalog-it", scope: .product)["P0004"] == nil)

        // Only the refused product goes again.
        _ = try fixture.run("run", environment: mock.environment())
        let uploads = try await mock.catalogUploads()
        #expect(uploads.map(\.productIDs.count) == [12, 1])
        #expect(uploads.last?.productIDs == ["P0004"])
    }

    @Test func removedProductsAreMarkedUnavailable() async throws {
        let mock = try MockProcess(Self.fastMock)
        let fixture = CatalogFixture()
        fixture.writeCatalog(count: 6)
        fixture.writeMapping(onRemoved: "markUnavailable")
        #expect(try fixture.run("run", environment: mock.environment()).status == 0)

        fixture.writeCatalog(count: 6, removed: [2])
        // One of six is above the default 10% of removals: said so, then allowed.
        let refused = try fixture.run("run", environment: mock.environment())
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("1 mark unavailable of products, above --max-removals"), "\(refused.stderr)")
        let result = try fixture.run("run", ["--max-removals", "1"], environment: mock.environment())
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("1 delete"))
        var uploads = try await mock.catalogUploads()
        #expect(uploads.last?.productIDs == ["P0002"])
        let variants = uploads.last?.products.first?["variants"] as? [[String: Any]] ?? []
        #expect(variants.count == 3)
        #expect(variants.allSatisfy { $0["availableForPurchase"] as? Bool == false })
        #expect(try SQLiteStateStore(path: fixture.statePath).fingerprints(mapping: "catalog-it", scope: .product)["P0002"] == nil)

        _ = try fixture.run("run", environment: mock.environment())
        uploads = try await mock.catalogUploads()
        #expect(uploads.count == 2)
    }

    @Test func filesAreSplitAndTheUploadsEndpointKeepsItsBudget() async throws {
        // Attentive's real limit, one request a second, and the tool's default budget.
        let mock = try MockProcess()
        let fixture = CatalogFixture()
        fixture.writeCatalog(count: 7)
        fixture.writeMapping()
        let start = Date()
        let result = try attentiveSync(["run", fixture.mappingPath, "--state", fixture.statePath, "--poll-interval", "0", "--max-file-lines", "3"],
                                       environment: mock.environment())
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let uploads = try await mock.catalogUploads()
        #expect(uploads.map(\.productIDs.count) == [3, 3, 1])
        #expect(uploads.flatMap(\.productIDs) == (0..<7).map(CatalogFixture.productID))
        let stats = try await mock.stats()
        #expect(stats.rateLimited == 0)
        // Three creates and at least three polls each, one a second.
        #expect(Date().timeIntervalSince(start) >= 10)
        #expect(result.stderr.contains("catalog file 3/3"))
    }

    @Test func serverErrorsOnTheUploadsEndpointAreRetried() async throws {
        let mock = try MockProcess(Self.fastMock + ["--fail-rate", "0.3", "--seed", "11"])
        let fixture = CatalogFixture()
        fixture.writeCatalog(count: 9)
        fixture.writeMapping()
        let result = try fixture.run("run", ["--max-file-lines", "4", "--max-attempts", "10"], environment: mock.environment())
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(try await mock.stats().status(500) > 0)
        let uploads = try await mock.catalogUploads()
        #expect(uploads.map(\.productIDs.count) == [4, 4, 1])
        #expect(uploads.allSatisfy { $0.status == "completed" })
    }

    @Test func validateOnlyUploadsStopAtValidatedAndAreRecorded() async throws {
        let mock = try MockProcess(Self.fastMock)
        let fixture = CatalogFixture()
        fixture.writeCatalog(count: 4)
        fixture.writeMapping(validateOnly: true)
        let result = try fixture.run("run", ["--report", fixture.reportPath], environment: mock.environment())
        #expect(result.status == 0, "\(result.stdout)")
        let uploads = try await mock.catalogUploads()
        #expect(uploads.first?.validateOnly == true)
        #expect(uploads.first?.status == "validated")
        let notes = (try fixture.report()["result"] as? [String: Any])?["notes"] as? [[String: Any]] ?? []
        let note: String = notes.first?["note"] as? String ?? ""
        #expect(note.hasPrefix("validated (validate only): 4 products received, 4 processed"))
        #expect(try fixture.run("run", environment: mock.environment()).stdout.contains("4 unchanged"))
    }

    @Test func validatePlanBaselineAndHistoryTakeACatalogMapping() async throws {
        let fixture = CatalogFixture()
        fixture.writeCatalog(count: 5)
        fixture.writeMapping()
        let validate = try attentiveSync(["validate", fixture.mappingPath])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout.contains("catalog mapping 'catalog-it'"))

        let plan = try fixture.run("plan", ["--format", "html"])
        #expect(plan.stdout.contains("<td>products</td>"))
        #expect(try fixture.run("plan").stdout.contains("products: 5 create"))
        let baseline = try fixture.run("baseline")
        #expect(baseline.status == 0)
        #expect(baseline.stdout.contains("5 new"))
        #expect(try fixture.run("plan").stdout.contains("products: 0 create, 0 update, 0 mark unavailable, 5 unchanged"))
        let history = try fixture.run("history")
        #expect(history.stdout.contains("baseline succeeded"))

        fixture.write(try String(contentsOfFile: fixture.mappingPath, encoding: .utf8).replacingOccurrences(of: "\"fabric\"", with: "\"material\""),
                      to: fixture.mappingPath)
        let missing = try attentiveSync(["validate", fixture.mappingPath])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("missing mapped column: 'material'"))
    }

    @Test func theSampleCatalogUploadsItsValidProducts() async throws {
        let mock = try MockProcess(Self.fastMock)
        let fixture = CatalogFixture()
        let mapping = try String(contentsOfFile: Executables.packageRoot.appendingPathComponent("mappings/catalog.json").path, encoding: .utf8)
            .replacingOccurrences(of: "../samples/catalog.csv", with: Executables.packageRoot.appendingPathComponent("samples/catalog.csv").path)
        fixture.write(mapping, to: fixture.mappingPath)
        let result = try fixture.run("run", ["--report", fixture.reportPath], environment: mock.environment())
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let uploads = try await mock.catalogUploads()
        let report = try fixture.report()
        let sent = (report["result"] as? [String: Any])?["sent"] as? Int ?? 0
        #expect(sent > 100)
        #expect(uploads.flatMap(\.productIDs).count == sent)
        #expect(uploads.allSatisfy { $0.errors.isEmpty })
        #expect((report["rejected"] as? [[String: Any]] ?? []).count > 0)
    }
}
