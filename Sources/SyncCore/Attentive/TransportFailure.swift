import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// A request that got no answer, in plain words ("cannot connect to api.example.com:443:
/// connection refused") rather than a library's type name. Never includes request headers.
enum TransportFailure {
    static func describe(_ error: any Error, url: String, timeout: Duration) -> String {
        let target = Self.target(of: url)
        if let error = error as? NIOConnectionError {
            if error.dnsAError != nil || error.dnsAAAAError != nil {
                return "cannot resolve \(error.host): DNS lookup failed"
            }
            if let first = error.connectionErrors.first {
                return "cannot connect to \(error.host):\(error.port): \(reason(first.error))"
            }
            return "cannot connect to \(error.host):\(error.port)"
        }
        if let error = error as? IOError {
            return "cannot connect to \(target): \(reason(error))"
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return connectTimeout(target)
            case .deadlineExceeded, .readTimeout: return "no complete answer from \(target) within \(Int(timeout.seconds)) s"
            case .remoteConnectionClosed: return "\(target) closed the connection before answering"
            case .tlsHandshakeTimeout: return "TLS handshake with \(target) timed out"
            case .cancelled: return "cancelled"
            default: break
            }
        }
        if error is CancellationError { return "cancelled" }
        let kind = String(describing: type(of: error))
        if kind.contains("SSL") || kind.contains("TLS") {
            return "TLS failure with \(target) (\(kind)): is it an https server with a valid certificate?"
        }
        if let error = error as? ChannelError, case .connectTimeout = error { return connectTimeout(target) }
        // Library errors can quote a request's headers (the API key): name the kind only.
        return "request to \(target) failed (\(kind))"
    }

    static func connectTimeout(_ target: String) -> String {
        "cannot connect to \(target): no answer to the connection within \(Int(AttentiveClient.connectTimeout.seconds)) s"
    }

    /// `host:port` of a base URL.
    static func target(of url: String) -> String {
        guard let parsed = URL(string: url), let host = parsed.host else { return "the API" }
        let port = parsed.port ?? (parsed.scheme?.lowercased() == "http" ? 80 : 443)
        return "\(host):\(port)"
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? IOError {
            return String(cString: strerror(error.errnoCode)).lowercased()
        }
        return String(describing: type(of: error))
    }
}
