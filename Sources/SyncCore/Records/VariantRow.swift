import Foundation

/// One variant row of a catalog source, cut down to the columns the mapping reads
/// (`CatalogMapping.referencedColumns`, product id first).
struct VariantRow: Sendable, Equatable {
    /// Where the row starts in the source.
    var line: Int
    /// One value per referenced column; the first is the trimmed product id.
    var fields: [String]

    var productID: String { fields[0] }

    /// Sort order for grouping: product id by its UTF-8 bytes (ids are compared exactly,
    /// not by Unicode equivalence), then source line.
    static func precedes(_ a: VariantRow, _ b: VariantRow) -> Bool {
        let order = compareBytes(a.productID, b.productID)
        return order != 0 ? order < 0 : a.line < b.line
    }

    /// Whether two product ids are the same id, byte for byte.
    static func sameProduct(_ a: String, _ b: String) -> Bool {
        compareBytes(a, b) == 0
    }

    /// memcmp order of two strings' UTF-8 bytes: negative, zero or positive.
    static func compareBytes(_ a: String, _ b: String) -> Int {
        let fast = a.utf8.withContiguousStorageIfAvailable { left in
            b.utf8.withContiguousStorageIfAvailable { right -> Int in
                let common = min(left.count, right.count)
                if common > 0 {
                    let order = memcmp(left.baseAddress!, right.baseAddress!, common)
                    if order != 0 { return Int(order) }
                }
                return left.count - right.count
            }
        }
        if let fast = fast ?? nil { return fast }
        if a.utf8.elementsEqual(b.utf8) { return 0 }
        return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
    }

    /// About how many bytes the row takes in memory, allocator overhead included: what the
    /// sorter budgets with. Strings of up to 15 UTF-8 bytes are stored inline.
    var approximateSize: Int {
        var size = 96 + fields.count * 16
        for field in fields where field.utf8.count > 15 { size += field.utf8.count + 48 }
        return size
    }
}
