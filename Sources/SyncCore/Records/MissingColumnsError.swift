/// The source lacks columns the mapping reads: found before anything is sent.
public struct MissingColumnsError: Error, Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var columns: [String]

    public var description: String {
        "\(source): missing mapped column\(columns.count == 1 ? "" : "s"): "
            + columns.map { "'\($0)'" }.joined(separator: ", ")
    }
}
