/// Opens the row source a mapping names.
public enum SourceOpener {
    /// - Throws: the connector's error when the source cannot be opened (missing file …).
    public static func open(_ configuration: SourceConfiguration) throws -> any RowSource {
        switch configuration {
        case .csv(let csv):
            return try CSVSource(path: csv.path, options: .init(delimiter: csv.delimiter, header: csv.header))
        }
    }
}
