/// A mapping that cannot be used, with the file and the JSON path of the offending key.
public struct MappingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// Dotted path of the key, e.g. `customAttributes.VIP.type`; empty for the whole file.
    public var path: String
    public var reason: String

    public init(file: String, path: String, reason: String) {
        self.file = file
        self.path = path
        self.reason = reason
    }

    public var description: String {
        path.isEmpty ? "\(file): \(reason)" : "\(file): \(path): \(reason)"
    }
}
