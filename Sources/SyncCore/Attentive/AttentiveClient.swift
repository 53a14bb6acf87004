import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Calls the Attentive REST API: one request, one classified answer. Retries and
/// rate budgets live in the sender; this type only speaks HTTP.
///
/// It owns its `HTTPClient`: a pool as large as the sender's concurrency, a 5 s connect
/// timeout, no connection retries of its own (a refused connection fails the request at
/// once, and the sender decides), no redirects followed (a 3xx is an error naming its status),
/// and a deadline on the whole exchange, body included. Call `shutdown()` when done.
public struct AttentiveClient: AttentiveAPI {
    public let configuration: APIConfiguration
    let httpClient: HTTPClient
    static let connectTimeout = Duration.seconds(5)

    /// - Parameter connections: connections kept per host; at least the requests in flight.
    public init(configuration: APIConfiguration, connections: Int = 16) {
        self.configuration = configuration
        var pool = HTTPClient.Configuration.ConnectionPool(idleTimeout: .seconds(60),
                                                           concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, connections))
        pool.retryConnectionEstablishment = false
        let settings = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(Int64(Self.connectTimeout.nanoseconds))),
            connectionPool: pool)
        self.httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings)
    }

    /// Closes the connections.
    public func shutdown() async {
        try? await httpClient.shutdown()
    }

    public func send(_ endpoint: Endpoint, body: String?, query: String?) async -> APIReply {
        var request = HTTPClientRequest(url: configuration.baseURL(version: endpoint.apiVersion) + endpoint.path + (query.map { "?" + $0 } ?? ""))
        request.method = HTTPMethod(rawValue: endpoint.method)
        request.headers.add(name: "Authorization", value: "Bearer \(configuration.apiKey)")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "attentive-sync")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        do {
            let (response, text) = try await exchange(request, timeout: configuration.requestTimeout, bodyLimit: 4 << 20)
            let status = Int(response.status.code)
            let headers = RateLimitHeaders(limit: response.headers.first(name: "x-ratelimit-limit"),
                                           remaining: response.headers.first(name: "x-ratelimit-remaining"))
            switch status {
            case 200..<300: return APIReply(.acknowledged(status: status, body: text), rateLimit: headers)
            case 401, 403: return APIReply(.unauthorized(status: status), rateLimit: headers)
            case 429: return APIReply(.rateLimited, rateLimit: headers)
            case 500...: return APIReply(.serverError(status: status), rateLimit: headers)
            case 300..<400: return APIReply(.rejected(status: status, message: "the API answered with a redirect, which is not followed (check the API URL)"), rateLimit: headers)
            default: return APIReply(.rejected(status: status, message: Self.message(in: text)), rateLimit: headers)
            }
        } catch {
            return APIReply(.transportError(TransportFailure.describe(error, url: configuration.baseURL, timeout: configuration.requestTimeout)))
        }
    }

    /// One request and its whole answer, head and body, within `timeout`: a server that
    /// trickles its answer is cut off at the deadline like a silent one.
    func exchange(_ request: HTTPClientRequest, timeout: Duration, bodyLimit: Int) async throws -> (HTTPClientResponse, String) {
        try await withThrowingTaskGroup(of: (HTTPClientResponse, String)?.self) { group in
            group.addTask {
                let response = try await httpClient.execute(request, timeout: .nanoseconds(Int64(timeout.nanoseconds)))
                return (response, String(buffer: try await response.body.collect(upTo: bodyLimit)))
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let answer = try await group.next() ?? nil else { throw HTTPClientError.deadlineExceeded }
            return answer
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
