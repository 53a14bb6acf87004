import ArgumentParser
import Foundation
import SyncCore

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Call GET /me with the configured key and print the company and app.")

    @OptionGroup var api: APIOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try await failing {
            logging.bootstrap()
            var configuration = try api.configuration()
            configuration.requestTimeout = .seconds(10)
            let client = AttentiveClient(configuration: configuration, connections: 1)
            let response = await client.send(.me).response
            await client.shutdown()
            guard case .acknowledged(_, let body) = response else {
                printError("error: GET \(configuration.baseURL)/me: \(response.summary)")
                return .aborted
            }
            guard let me = Me(json: body) else {
                printError("error: GET \(configuration.baseURL)/me answered 200 with something other than Attentive's answer (no companyName and companyId): is the API URL right?")
                return .aborted
            }
            print("OK: \(configuration.baseURL)")
            for (field, value) in me.fields { print("  \(field): \(value)") }
            return .success
        }
    }
}

/// `GetMeResponseDto`: the company and app the key belongs to.
struct Me {
    static let documented = ["companyName", "companyId", "applicationName", "attentiveDomainName", "contactEmail"]
    /// The documented fields present, in the documented order.
    var fields: [(String, String)]

    /// nil unless `json` is an object whose documented fields are strings, `companyName` and `companyId` among them.
    init?(json: String) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else { return nil }
        var fields: [(String, String)] = []
        for field in Self.documented {
            guard let value = object[field] else { continue }
            guard let text = value as? String else { return nil }
            fields.append((field, text))
        }
        guard object["companyName"] is String, object["companyId"] is String else { return nil }
        self.fields = fields
    }
}
