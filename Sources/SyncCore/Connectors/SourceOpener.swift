/// Opens the row source a mapping names.
public enum SourceOpener {
    /// Opening reads no rows: a CSV file's header is read, a query is prepared, not run.
    /// Call it from a thread that may block (`BlockingThread`): a query source waits on its server.
    ///
    /// - Throws: the connector's error when the source cannot be opened (missing file,
    ///   connection refused, syntax error …).
    public static func open(
        _ configuration: SourceConfiguration, cancellation: SourceCancellation = SourceCancellation(),
        binding parameter: String?? = nil
    ) throws -> any RowSource {
        switch configuration {
        case .csv(let csv):
            return try CSVSource(path: csv.path, options: .init(delimiter: csv.delimiter, header: csv.header, encoding: csv.encoding))
        case .postgres(let postgres):
            return try PostgresSource(configuration: postgres, cancellation: cancellation, binding: parameter)
        }
    }
}
