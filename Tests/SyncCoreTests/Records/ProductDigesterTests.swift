import Crypto
import Testing
@testable import SyncCore

/// A product's digest is SHA-256 over the encoding `ProductDigester` documents, so a changed
/// cell, row count or row order changes it.
struct ProductDigesterTests {
    @Test func theDigestIsSHA256OfTheDocumentedEncoding() {
        let mapping = CatalogTestMapping.mapping()
        let group = ProductRows(productID: "P1", rows: [VariantRow(line: 2, fields: ["P1", "Caf\u{E9}", ""]),
                                                        VariantRow(line: 9, fields: ["P1", String(repeating: "x", count: 12), "\u{1F600}"])],
                                rowCount: 3, lastLine: 11)
        var expected = SHA256()
        expected.update(data: Array((ProductDigester.seed(of: mapping) + "3;2:P15:Caf\u{E9}0:2:P112:xxxxxxxxxxxx4:\u{1F600}").utf8))
        #expect(ProductDigester(mapping: mapping).digest(group) == RowDigest(expected))
    }
}
