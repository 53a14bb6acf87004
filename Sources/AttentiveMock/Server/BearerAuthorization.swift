import Foundation

/// The `Authorization: Bearer <key>` check every API request passes first.
enum BearerAuthorization {
    /// Why `header` is refused, or `nil` when it is accepted. With no `acceptedKey`,
    /// any non-empty key is accepted.
    static func problem(with header: String?, acceptedKey: String?) -> String? {
        guard let header, !header.isEmpty else {
            return "Missing Authorization header (expected: Bearer <api key>)"
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return "Authorization header must be: Bearer <api key>"
        }
        let key = parts[1].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else {
            return "Empty API key"
        }
        if let acceptedKey, key != acceptedKey {
            return "Invalid API key"
        }
        return nil
    }
}
