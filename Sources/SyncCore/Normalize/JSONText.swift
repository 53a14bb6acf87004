/// Writing JSON text by hand where the order and form of the output matter
/// (request bodies, fingerprints, state), without a round trip through Foundation.
public enum JSONText {
    /// `s` as a JSON string literal, quotes included (`appendQuoted`).
    public static func quoted(_ s: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count + 2)
        appendQuoted(s, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
