import Testing
@testable import SyncCore

@Suite struct MissingColumnsHintTests {
    @Test func aNameThatDiffersInSpacesOrCaseIsNamed() {
        let error = #expect(throws: MissingColumnsError.self) {
            try MissingColumnsError.positions(of: ["phone", "tier", "ltv"], in: ["Phone ", "tier", "email"], source: "c.csv")
        }
        #expect(error?.columns == ["phone", "ltv"])
        #expect(error?.description == "c.csv: missing mapped columns: 'phone', 'ltv'; the header has 'Phone ' for 'phone' (names must match exactly)")
    }

    @Test(arguments: [(";", ";"), ("\t", "\\t"), ("|", "|")])
    func aOneColumnHeaderThatSplitsOnAnotherDelimiterSuggestsIt(_ delimiter: String, _ shown: String) {
        let error = #expect(throws: MissingColumnsError.self) {
            try MissingColumnsError.positions(of: ["phone"], in: ["phone\(delimiter)email\(delimiter)tier"], source: "c.csv")
        }
        #expect(error?.hints == ["the header is one column but splits on '\(shown)': set \"delimiter\": \"\(shown)\" in source.csv"])
    }

    @Test func aHeaderWithEveryColumnGivesTheirPositions() throws {
        #expect(try MissingColumnsError.positions(of: ["b", "a"], in: ["a", "b", "a"], source: "c.csv") == ["a": 0, "b": 1])
    }
}
