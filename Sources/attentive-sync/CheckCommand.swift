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
            let me = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
            print("OK: \(configuration.baseURL)")
            for field in ["companyName", "companyId", "applicationName", "attentiveDomainName", "contactEmail"] {
                if let value = me[field] as? String { print("  \(field): \(value)") }
            }
            return .success
        }
    }
}
