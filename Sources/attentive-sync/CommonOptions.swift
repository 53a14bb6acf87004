import ArgumentParser
import Foundation
import Logging
import SyncCore

/// Where the state is: every command that reads or writes it.
struct CommonOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Where the state is: a SQLite file, a postgresql:// URI (?schema=NAME, default attentive_sync), or env:NAME for a variable holding a URI or connection string.",
        valueName: "PATH|URI|env:NAME"))
    var state: String = ".attentive-sync/state.sqlite"

    var stateLocation: StateLocation {
        get throws { try StateLocation(state) }
    }

    func openState() throws -> any StateStore {
        try stateLocation.open()
    }
}

/// How to reach Attentive: base URL and the key (from the environment or a file, never a flag value).
struct APIOptions: ParsableArguments {
    @Option(help: "The API base URL (default: $ATTENTIVE_API_URL, else \(APIConfiguration.defaultBaseURL)).")
    var apiURL: String?

    @Option(help: "A file holding the API key (default: $ATTENTIVE_API_KEY).")
    var apiKeyFile: String?

    func configuration() throws -> APIConfiguration {
        let environment = ProcessInfo.processInfo.environment
        let baseURL = apiURL ?? environment["ATTENTIVE_API_URL"] ?? APIConfiguration.defaultBaseURL
        let key: String
        if let apiKeyFile {
            guard let data = FileManager.default.contents(atPath: apiKeyFile) else {
                throw ConfigurationError("--api-key-file \(apiKeyFile): cannot read the file")
            }
            key = Self.keyFileText(String(decoding: data, as: UTF8.self))
        } else if let fromEnvironment = environment["ATTENTIVE_API_KEY"] {
            key = fromEnvironment
        } else {
            throw ConfigurationError("no API key: set ATTENTIVE_API_KEY or pass --api-key-file FILE")
        }
        return try APIConfiguration(baseURL: baseURL, apiKey: key)
    }

    /// A key file's text without the one line ending an editor adds; anything else stays, for
    /// `APIConfiguration` to refuse.
    static func keyFileText(_ text: String) -> String {
        // "\r\n" is one Character.
        text.last == "\n" || text.last == "\r\n" ? String(text.dropLast()) : text
    }
}

/// Where the diff runs when the source is a PostgreSQL query on the database that holds the state.
struct DiffOptions: ParsableArguments {
    @Flag(help: "When the source query and the state are in one PostgreSQL database, diff there: only the rows that may have changed are sent (fewer bytes, more work for the server).")
    var diffInDatabase = false
}
