import Crypto
import Testing
@testable import SyncCore

/// The row digest is the documented encoding (a database must reproduce it), made the same from
/// a row's bytes as from its strings.
@Suite struct RowDigestTests {
    let mapping = Mapping(
        name: "digest", source: .csv(CSVSourceConfiguration(path: "unused.csv")),
        identity: IdentityMapping(phone: PhoneColumn(column: "phone"), email: nil),
        customAttributes: [AttributeMapping(name: "Tier", value: ValueReference(origin: .column("tier")))])

    @Test func theEncodingIsTheDocumentedOne() throws {
        // Referenced columns in the mapping's order (phone, then tier), whatever the source's;
        // lengths in bytes, not characters.
        let digester = RowDigester(mapping: mapping, columns: ["notes", "tier", "phone"])
        let seed = SHA256.hash(data: Array(RowDigester.seed(of: mapping).utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(RowDigester.seedDigest(of: mapping) == seed)
        let encoded = seed + "10:2127365000" + "8:Platiné"
        let expected = Array(SHA256.hash(data: Array(encoded.utf8)).prefix(16))
        #expect(digester.digest(["not hashed", "Platiné", "2127365000"]).bytes == expected)
        #expect(digester.digest(["changed, not hashed", "Platiné", "2127365000"]).bytes == expected)
    }

    @Test func aBatchOfBytesDigestsAsItsStrings() throws {
        let fixture = try CSVFixture()
        let source = try CSVSource(path: fixture.write("notes,tier,phone\n\"a, b\",Platiné,2127365000\nx,,\"(212) 736-5001\"\n"))
        var batch = RowBatch(columnCount: 3)
        try source.read(into: &batch, upTo: 10)
        let digester = RowDigester(mapping: mapping, columns: source.columns)
        let fromBytes = batch.rows.compactMap { row -> RowDigest? in
            guard case .fields(_, let firstField) = row else { return nil }
            return digester.digest(batch, row: firstField)
        }
        #expect(fromBytes == [digester.digest(["a, b", "Platiné", "2127365000"]), digester.digest(["x", "", "(212) 736-5001"])])
    }
}
