extension ExitStatus {
    /// The exit status for an error that stopped a command before or while it ran.
    public init(for error: any Error) {
        switch error {
        case is MappingError, is MissingColumnsError, is ConfigurationError: self = .usage
        case let error as PostgresSourceError where error.isMappingError: self = .usage
        default: self = .aborted
        }
    }
}
