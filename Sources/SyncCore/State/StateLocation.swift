import Foundation

/// Where the state is (`--state`): a local SQLite file, or a schema in PostgreSQL. It opens the
/// store and takes a run's lock of the kind that goes with it.
public enum StateLocation: Sendable, CustomStringConvertible {
    case file(String)
    case postgres(PostgresStateLocation)

    /// `postgresql://…` or `postgres://…` (libpq's URI; `?schema=` picks the schema), `env:NAME`
    /// (a variable holding such a URI or a `key=value` connection string), else a file path.
    public init(_ argument: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) {
        if argument.hasPrefix("env:") {
            let name = String(argument.dropFirst("env:".count))
            guard let value = environment[name], !value.isEmpty else {
                throw ConfigurationError("--state env:\(name): the environment variable \(name) is not set; set it to a postgresql:// URI or a connection string")
            }
            self = .postgres(try PostgresStateLocation(value))
        } else if PostgresStateLocation.isURI(argument) {
            self = .postgres(try PostgresStateLocation(argument))
        } else {
            self = .file(argument)
        }
    }

    /// The path, or the connection without its password.
    public var description: String {
        switch self {
        case .file(let path): path
        case .postgres(let location): location.description
        }
    }

    public func open() throws -> any StateStore {
        switch self {
        case .file(let path): try SQLiteStateStore(path: path)
        case .postgres(let location): try PostgresStateStore(location.connectionString, schema: location.schema)
        }
    }

    /// Takes the run lock of `mapping`: released when it is dropped or the process ends.
    public func lock(mapping: String, command: String, wait: Duration?, waiting: (RunLock.Holder?) -> Void) async throws -> any Sendable {
        switch self {
        case .file(let path):
            try await RunLock.acquire(statePath: path, mapping: mapping, command: command, wait: wait, waiting: waiting)
        case .postgres(let location):
            try await PostgresRunLock.acquire(location.connectionString, schema: location.schema, mapping: mapping, command: command,
                                              wait: wait, waiting: waiting)
        }
    }

    /// Whether some process holds the run lock of `mapping` now.
    public func isLocked(mapping: String) -> Bool {
        switch self {
        case .file(let path): RunLock.isHeld(statePath: path, mapping: mapping)
        case .postgres(let location): PostgresRunLock.isHeld(location.connectionString, schema: location.schema, mapping: mapping)
        }
    }
}

/// A state in PostgreSQL: how to connect (libpq's, so `PG*` variables and pgpass apply) and the
/// schema holding its tables.
public struct PostgresStateLocation: Sendable, Equatable, CustomStringConvertible {
    public static let defaultSchema = "attentive_sync"

    /// The connection string without `schema`, which libpq does not know; nil: libpq's environment.
    public var connectionString: PostgresConnectionString?
    public var schema: String

    static func isURI(_ text: String) -> Bool { text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") }

    /// Takes `schema` out of a URI's query (`?schema=name`) or a connection string (`schema=name`).
    public init(_ text: String) throws(ConfigurationError) {
        var schema: String?
        var rest = text
        if Self.isURI(text) {
            let parts = text.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 {
                var kept: [Substring] = []
                for parameter in parts[1].split(separator: "&") {
                    if parameter.hasPrefix("schema=") {
                        schema = String(parameter.dropFirst("schema=".count)).removingPercentEncoding
                    } else {
                        kept.append(parameter)
                    }
                }
                rest = String(parts[0]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
            }
        } else if let range = text.range(of: #"(^|\s)schema\s*=\s*('[^']*'|\S+)"#, options: .regularExpression) {
            let value = text[range].split(separator: "=", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces)
            schema = value.hasPrefix("'") ? String(value.dropFirst().dropLast()) : value
            rest = text.replacingCharacters(in: range, with: "")
        }
        let chosen = schema ?? Self.defaultSchema
        guard !chosen.isEmpty, chosen.utf8.count <= 63, !chosen.contains("\u{0}") else {
            throw ConfigurationError("--state: the schema '\(chosen)' is not a PostgreSQL name (1 to 63 bytes)")
        }
        connectionString = rest == "postgresql://" || rest == "postgres://" || rest.isEmpty ? nil : PostgresConnectionString(rest)
        self.schema = chosen
    }

    public var description: String {
        "\(connectionString?.description ?? "postgresql:// (libpq's environment)") schema \(schema)"
    }
}
