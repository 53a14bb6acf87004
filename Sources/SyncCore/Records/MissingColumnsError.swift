import Foundation

/// The source lacks columns the mapping reads: found before anything is sent. The message says
/// what the header suggests instead: a name that differs only in spaces or case, or a delimiter
/// that would split a one-column header.
public struct MissingColumnsError: Error, Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var columns: [String]
    public var hints: [String] = []

    public init(source: String, columns: [String], hints: [String] = []) {
        self.source = source
        self.columns = columns
        self.hints = hints
    }

    public var description: String {
        "\(source): missing mapped column\(columns.count == 1 ? "" : "s"): "
            + columns.map { "'\($0)'" }.joined(separator: ", ") + hints.map { "; " + $0 }.joined()
    }

    /// Each header name's first position, once every `referenced` column is found in it.
    /// - Throws: `MissingColumnsError` naming every referenced column the header lacks.
    static func positions(of referenced: [String], in header: [String], source: String) throws -> [String: Int] {
        var index: [String: Int] = [:]
        for (position, column) in header.enumerated() where index[column] == nil { index[column] = position }
        let missing = referenced.filter { index[$0] == nil }
        guard missing.isEmpty else { throw MissingColumnsError(source: source, columns: missing, hints: hints(missing, header: header)) }
        return index
    }

    static func hints(_ missing: [String], header: [String]) -> [String] {
        func folded(_ name: String) -> String { name.trimmingCharacters(in: .whitespaces).lowercased() }
        var hints: [String] = []
        for column in missing {
            if let near = header.first(where: { folded($0) == folded(column) }) {
                hints.append("the header has '\(near)' for '\(column)' (names must match exactly)")
            }
        }
        if header.count == 1, let delimiter = [";", "\t", "|"].first(where: { header[0].contains($0) }) {
            let shown = delimiter == "\t" ? "\\t" : delimiter
            hints.append("the header is one column but splits on '\(shown)': set \"delimiter\": \"\(shown)\" in source.csv")
        }
        return hints
    }
}
