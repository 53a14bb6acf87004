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
        var encoded: [UInt8] = []
        encoded.reserveCapacity(1_024)
        func appendDecimal(_ value: Int) {
            if value >= 10 { appendDecimal(value / 10) }
            encoded.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
        appendDecimal(product.rowCount)
        encoded.append(UInt8(ascii: ";"))
        for row in product.rows {
            for var field in row.fields {
                field.withUTF8 { bytes in
                    appendDecimal(bytes.count)
                    encoded.append(UInt8(ascii: ":"))
                    encoded.append(contentsOf: bytes)
                }
            }
        }
        hasher.update(data: encoded)
        return RowDigest(hasher)
    }
}
