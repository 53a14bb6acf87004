import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Calls the Attentive REST API: one request, one classified answer. Retries and
/// rate budgets live in the sender; this type only speaks HTTP.
///
/// It owns its `HTTPClient`: a pool as large as the sender's concurrency, a 10 s connect
/// timeout, no connection retries of its own (a refused connection fails the request at
/// once, and the sender decides), and no redirects followed. Call `shutdown()` when done.
public struct AttentiveClient: AttentiveAPI {
    public let configuration: APIConfiguration
    let httpClient: HTTPClient

    /// - Parameter connections: connections kept per host; at least the requests in flight.
    public init(configuration: APIConfiguration, connections: Int = 16) {
        self.configuration = configuration
        var pool = HTTPClient.Configuration.ConnectionPool(idleTimeout: .seconds(60),
                                                           concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, connections))
        pool.retryConnectionEstablishment = false
        let settings = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10)),
            connectionPool: pool)
        self.httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings)
    }

    /// Closes the connections.
    public func shutdown() async {
        try? await httpClient.shutdown()
    }

    public func send(_ endpoint: Endpoint, body: String?, query: String?) async -> APIReply {
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
            let headers = RateLimitHeaders(limit: response.headers.first(name: "x-ratelimit-limit"),
                                           remaining: response.headers.first(name: "x-ratelimit-remaining"))
            switch status {
            case 200..<300: return APIReply(.acknowledged(status: status, body: text), rateLimit: headers)
            case 401, 403: return APIReply(.unauthorized(status: status), rateLimit: headers)
            case 429: return APIReply(.rateLimited, rateLimit: headers)
            case 500...: return APIReply(.serverError(status: status), rateLimit: headers)
            case 300..<400: return APIReply(.rejected(status: status, message: "the API answered with a redirect, which is not followed"), rateLimit: headers)
            default: return APIReply(.rejected(status: status, message: Self.message(in: text)), rateLimit: headers)
            }
        } catch {
            return APIReply(.transportError(TransportFailure.describe(error, url: configuration.baseURL, timeout: configuration.requestTimeout)))
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
}

extension Duration {
    var nanoseconds: Double {
        let parts = components
        return Double(parts.seconds) * 1e9 + Double(parts.attoseconds) / 1e9
    }

    /// Whole and fractional seconds.
    public var seconds: Double { nanoseconds / 1e9 }
}
