/// A PostgreSQL query: its text, where the text came from, and how to connect.
public struct PostgresSourceConfiguration: Sendable, Equatable {
    /// The query as written (`query`, or the contents of `queryFile`).
    public var query: String
    /// Where the query came from, for messages: the `queryFile` path, or nil for an inline query.
    public var queryFile: String?
    /// How to connect; nil lets libpq's environment decide (`PGHOST`, `PGDATABASE`,
    /// `PGSERVICE`, `PGPASSFILE` …), exactly as for `psql`.
    public var connection: Connection?

    /// A connection string given in the mapping, or the environment variable holding one.
    public enum Connection: Sendable, Equatable {
        case string(PostgresConnectionString)
        /// `{"env": "NAME"}`: read when the source opens, so a mapping loads without it.
        case environment(String)
    }

    public init(query: String, queryFile: String? = nil, connection: Connection? = nil) {
        self.query = query
        self.queryFile = queryFile
        self.connection = connection
    }

    /// The connection string to hand libpq, nil for libpq's environment.
    /// - Throws: `ConfigurationError` when the named environment variable is not set.
    public func connectionString(environment: [String: String]) throws(ConfigurationError) -> PostgresConnectionString? {
        switch connection {
        case nil: return nil
        case .string(let string): return string
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw ConfigurationError("source.postgres.connection: the environment variable \(name) is not set")
            }
            return PostgresConnectionString(value)
        }
    }
}

/// A libpq connection string (`host=… dbname=…`) or URI (`postgresql://…`), which may hold a
/// password: its `description` shows it with the password replaced by `***`.
public struct PostgresConnectionString: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The text as given, password included: hand it to libpq and to nothing else.
    public var rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { ConnectionStringRedaction.redacted(rawValue) }
    public var debugDescription: String { description }
}

extension PostgresConnectionString: CustomReflectable {
    /// `dump` and debuggers see the redacted form too.
    public var customMirror: Mirror { Mirror(self, children: ["redacted": description]) }
}
