import Foundation
import Testing
@testable import SyncCore

@Suite struct CatalogMappingLoaderTests {
    func load(_ json: String) throws(MappingError) -> LoadedMapping {
        try MappingLoader.parseAny(Data(json.utf8), file: "c.json", baseDirectory: "/maps")
    }

    func error(_ json: String) -> MappingError? {
        do {
            _ = try load(json)
            return nil
        } catch {
            return error
        }
    }

    static let valid = """
        {"name": "catalog", "source": {"csv": {"path": "catalog.csv"}},
         "catalog": {
           "validateOnly": true,
           "product": {"id": "product_id", "name": "product_name", "link": "product_url", "lastUpdated": "updated_at",
                       "brand": "brand", "categories": {"column": "categories", "split": "|"}, "tags": "tags",
                       "images": [{"src": "image_url", "alt": "image_alt"}], "attributes": {"Fabric": "fabric"}},
           "variant": {"id": "variant_id", "name": "variant_name",
                       "availableForPurchase": "available", "inventoryQuantity": {"column": "inventory", "type": "integer"},
                       "prices": [{"currencyCode": {"value": "USD"}, "amount": "price", "compareAtPrice": "compare_at_price"}],
                       "options": [{"name": "Size", "column": "size"}, {"name": "Color", "column": "color"}]}
         },
         "onRemoved": {"catalog": "markUnavailable"}}
        """

    @Test func loadsEveryPart() throws {
        guard case .catalog(let mapping) = try load(Self.valid) else {
            Issue.record("not read as a catalog mapping")
            return
        }
        #expect(mapping.name == "catalog")
        #expect(mapping.validateOnly)
        #expect(mapping.source == .csv(CSVSourceConfiguration(path: "/maps/catalog.csv")))
        #expect(mapping.onRemoved == .markUnavailable)
        #expect(mapping.product.categories == ListReference(value: ValueReference(origin: .column("categories")), separator: "|"))
        #expect(mapping.product.tags == ListReference(value: ValueReference(origin: .column("tags"))))
        #expect(mapping.product.lastUpdated == ValueReference(origin: .column("updated_at"), type: .datetime))
        #expect(mapping.variant.availableForPurchase.type == .boolean)
        #expect(mapping.variant.prices[0].amount.type == .number)
        #expect(mapping.variant.prices[0].currencyCode.origin == .constant("USD"))
        #expect(mapping.variant.options.map(\.name) == ["Size", "Color"])
        #expect(mapping.referencedColumns.first == "product_id")
        #expect(mapping.referencedColumns.contains("compare_at_price"))
        #expect(!mapping.referencedColumns.contains("USD"))
    }

    @Test func customerMappingsStillLoadAsCustomers() throws {
        let json = #"{"name": "n", "source": {"csv": {"path": "c.csv"}}, "identity": {"email": "e"}, "customAttributes": {"A": "a"}}"#
        guard case .customers(let mapping) = try load(json) else {
            Issue.record("not read as a customer mapping")
            return
        }
        #expect(mapping.name == "n")
    }

    @Test func optionsAsAnObjectAreInNameOrder() throws {
        let json = Self.valid.replacingOccurrences(
            of: #"[{"name": "Size", "column": "size"}, {"name": "Color", "column": "color"}]"#, with: #"{"Size": "size", "Color": "color"}"#)
        guard case .catalog(let mapping) = try load(json) else { return }
        #expect(mapping.variant.options.map(\.name) == ["Color", "Size"])
    }

    @Test func errorsNameTheKey() {
        #expect(error(Self.valid.replacingOccurrences(of: #""name": "product_name", "#, with: ""))
                == MappingError(file: "c.json", path: "catalog.product", reason: "missing key 'name'"))
        #expect(error(Self.valid.replacingOccurrences(of: #""brand": "brand""#, with: #""brnd": "brand""#))?.path == "catalog.product.brnd")
        #expect(error(Self.valid.replacingOccurrences(of: #""availableForPurchase": "available""#,
                                                      with: #""availableForPurchase": {"column": "available", "type": "number"}"#))?.path
                == "catalog.variant.availableForPurchase.type")
        #expect(error(Self.valid.replacingOccurrences(of: #"{"value": "USD"}"#, with: #"{"value": "usd"}"#))?.path
                == "catalog.variant.prices.0.currencyCode")
        #expect(error(Self.valid.replacingOccurrences(of: #""id": "product_id""#, with: #""id": {"value": "x"}"#))?.reason
                == "an id must name a column, without a default")
        #expect(error(Self.valid.replacingOccurrences(of: #""Fabric""#, with: "\"\(String(repeating: "F", count: 65))\""))?.reason
                == "Attentive allows attribute names of at most 64 characters")
        #expect(error(Self.valid.replacingOccurrences(of: #""markUnavailable""#, with: #""delete""#))?.path == "onRemoved.catalog")
        #expect(error(Self.valid.replacingOccurrences(
            of: #"[{"currencyCode": {"value": "USD"}, "amount": "price", "compareAtPrice": "compare_at_price"}]"#, with: "[]"))?.path
                == "catalog.variant.prices")
    }

    @Test func anEmptyCatalogBlockIsRefused() {
        let cases: [(String, String, String, String)] = [
            (#""attributes": {"Fabric": "fabric"}"#, #""attributes": {}"#, "catalog.product.attributes", "attribute"),
            (#"[{"src": "image_url", "alt": "image_alt"}]"#, "[]", "catalog.product.images", "image"),
            (#"[{"name": "Size", "column": "size"}, {"name": "Color", "column": "color"}]"#, "[]", "catalog.variant.options", "option"),
            (#"[{"name": "Size", "column": "size"}, {"name": "Color", "column": "color"}]"#, "{}", "catalog.variant.options", "option"),
            (#""variant_name","#, #""variant_name", "attributes": {},"#, "catalog.variant.attributes", "attribute"),
        ]
        for (from, to, path, noun) in cases {
            let json = Self.valid.replacingOccurrences(of: from, with: to)
            #expect(json != Self.valid, "\(from) not found")
            #expect(error(json) == MappingError(file: "c.json", path: path, reason: "is empty: map at least one \(noun) or remove the key"))
        }
        let noPrices = Self.valid.replacingOccurrences(
            of: #"[{"currencyCode": {"value": "USD"}, "amount": "price", "compareAtPrice": "compare_at_price"}]"#, with: "[]")
        #expect(error(noPrices) == MappingError(file: "c.json", path: "catalog.variant.prices", reason: "is empty: map at least one price"))
    }

    @Test func catalogNamesMustBeVisible() {
        #expect(error(Self.valid.replacingOccurrences(of: #""name": "catalog""#, with: #""name": " ""#))
                == MappingError(file: "c.json", path: "name", reason: "must not be blank"))
        #expect(error(Self.valid.replacingOccurrences(of: #""name": "catalog""#, with: #""name": "cat\u0000alog""#))?.reason
                == "must not hold control or format characters (U+0000)")
        #expect(error(Self.valid.replacingOccurrences(of: #""Fabric""#, with: #""Fab\u200Bric""#))?.description
                == #"c.json: catalog.product.attributes.Fab\u200Bric: the name must not hold control or format characters (U+200B)"#)
        #expect(error(Self.valid.replacingOccurrences(of: #"{"name": "Size""#, with: #"{"name": "\t""#))
                == MappingError(file: "c.json", path: "catalog.variant.options.0.name", reason: "must not be blank"))
    }

    @Test func customerTargetsAreRefusedInACatalogMapping() {
        let json = Self.valid.replacingOccurrences(of: #""name": "catalog","#, with: #""name": "catalog", "identity": {"email": "e"},"#)
        #expect(error(json)?.path == "identity")
    }

    @Test func splitIsForCatalogsOnly() {
        let json = #"{"name": "n", "source": {"csv": {"path": "c.csv"}}, "identity": {"email": "e"}, "customAttributes": {"A": {"column": "a", "split": "|"}}}"#
        #expect(error(json)?.path == "customAttributes.A.split")
    }

    @Test func theShippedSampleLoads() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("mappings/catalog.json").path
        guard case .catalog(let mapping) = try MappingLoader.loadAny(path: path) else {
            Issue.record("mappings/catalog.json is not a catalog mapping")
            return
        }
        #expect(mapping.referencedColumns.count == 20)
    }
}
