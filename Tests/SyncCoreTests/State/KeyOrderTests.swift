import Testing
@testable import SyncCore

/// Writes go to the state in SQLite's order (UTF-8 bytes), scope by scope; rows of one key keep
/// the order they came in.
@Suite struct KeyOrderTests {
    @Test func rowsComeInTheOrderOfTheirKeysBytes() {
        let keys = ["+12127365001", "+12127365000", "a@example.com", "a@example.co", "é@example.com", "e@example.com",
                    "sixteen-bytes-ab", "sixteen-bytes-aa", "sixteen-bytes-abc", "sixteen-bytes-ab\u{0}", "", "Z", "+1212736500"]
        let rows: [(Scope?, String)] = [Scope.product, .customAttributes, .subscription(.text, .marketing), nil]
            .flatMap { scope in keys.map { (scope, $0) } } + [(.customAttributes, "+12127365000")]
        let indexed = Array(rows.enumerated())
        let sorted = SQLiteStateStore.keyOrder(indexed) { $0.element }.map { indexed[$0] }
        let expected = indexed.sorted { a, b in
            let (leftScope, rightScope) = (Array((a.element.0?.stored ?? "").utf8), Array((b.element.0?.stored ?? "").utf8))
            if leftScope != rightScope { return leftScope.lexicographicallyPrecedes(rightScope) }
            let (left, right) = (Array(a.element.1.utf8), Array(b.element.1.utf8))
            return left != right ? left.lexicographicallyPrecedes(right) : a.offset < b.offset
        }
        #expect(sorted.map(\.offset) == expected.map(\.offset))
        // The key written twice keeps its two rows in their order.
        let twice = sorted.filter { $0.element.0 == .customAttributes && $0.element.1 == "+12127365000" }.map(\.offset)
        #expect(twice == [keys.count + 1, rows.count - 1])
    }
}
