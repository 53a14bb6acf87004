import Crypto

/// Computes a product's `RowDigest`: the digest of its rows as read, so an unchanged product
/// is found without being built, validated or serialized.
///
/// The encoding, as for customer rows (`RowDigester`): SHA-256 over the seed's UTF-8 bytes,
/// then the product's row count in decimal and `;`, then for each kept row in the group's order
/// (source order) each referenced cell's length in decimal, `:`, and the cell's bytes. The
/// first 16 bytes are kept. The seed names the mapping and the rules' version, so a change to
/// either makes every digest unknown.
struct ProductDigester: Sendable {
    /// Bumped whenever building would turn the same rows into another product.
    static let version = 1

    private let seeded: SHA256

    init(mapping: CatalogMapping) {
        var hasher = SHA256()
        hasher.update(data: Array(Self.seed(of: mapping).utf8))
        seeded = hasher
    }

    static func seed(of mapping: CatalogMapping) -> String {
        "attentive-sync product digest \(version); normalization \(RowDigester.normalizationVersion); limits \(ProductLimits.maximumVariants); mapping \(mapping)\n"
    }

    func digest(_ product: ProductRows) -> RowDigest {
        var hasher = seeded
        // The count and each cell: up to 20 digits, the separator, the bytes.
        var size = 21
        for row in product.rows { for field in row.fields { size += field.utf8.count + 21 } }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { encoded in
            var written = RowDigester.writeDecimal(product.rowCount, to: encoded, at: 0)
            encoded[written] = UInt8(ascii: ";")
            written += 1
            for row in product.rows {
                for var field in row.fields {
                    written = field.withUTF8 { RowDigester.writeCell($0, to: encoded, at: written) }
                }
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: encoded[..<written])))
        }
        return RowDigest(hasher)
    }
}
