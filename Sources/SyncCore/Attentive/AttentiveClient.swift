import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Calls the Attentive REST API: one request, one classified answer. Retries and
/// rate budgets live in the sender; this type only speaks HTTP.
public struct AttentiveClient: Sendable {
    public let configuration: APIConfiguration
    let httpClient: HTTPClient

    public init(configuration: APIConfiguration, httpClient: HTTPClient = .shared) {
        self.configuration = configuration
        self.httpClient = httpClient
    }

    /// Sends `body` (JSON text) to `endpoint` and classifies the answer.
    public func send(_ endpoint: Endpoint, body: String? = nil, query: String? = nil) async -> APIResponse {
        var request = HTTPClientRequest(url: configuration.baseURL + endpoint.path + (query.map { "?" + $0 } ?? ""))
        request.method = HTTPMethod(rawValue: endpoint.method)
        request.headers.add(name: "Authorization", value: "Bearer \(configuration.apiKey)")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "attentive-sync")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        do {
            let response = try await httpClient.execute(request, timeout: .nanoseconds(Int64(configuration.requestTimeout.nanoseconds)))
            let bytes = try await response.body.collect(upTo: 4 << 20)
            let text = String(buffer: bytes)
            let status = Int(response.status.code)
            switch status {
            case 200..<300: return .acknowledged(status: status, body: text)
            case 401, 403: return .unauthorized(status: status)
            case 429: return .rateLimited
            case 500...: return .serverError(status: status)
            default: return .rejected(status: status, message: Self.message(in: text))
            }
        } catch {
            return .transportError(Self.describe(error))
        }
    }

    /// Attentive's error message from a JSON body (`message`), or the start of the text.
    static func message(in body: String) -> String {
        if let data = body.data(using: .utf8),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let message = object["message"] as? String {
            return message
        }
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "no message" : String(trimmed.prefix(300))
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "\(error)" }
        return String(describing: type(of: error)) + ": \(error)"
    }
}

extension Duration {
    var nanoseconds: Double {
        let parts = components
        return Double(parts.seconds) * 1e9 + Double(parts.attoseconds) / 1e9
    }
}
