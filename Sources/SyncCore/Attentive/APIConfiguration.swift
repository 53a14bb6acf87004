import Foundation

/// Where the API is and the key to call it with. The key never appears in `description`.
public struct APIConfiguration: Sendable, CustomStringConvertible {
    public static let defaultBaseURL = "https://api.attentivemobile.com/v1"

    public var baseURL: String
    public var apiKey: String
    public var requestTimeout: Duration

    /// - Throws: `ConfigurationError` for a URL that is not https, or plain http to a host
    ///   other than loopback (the key would travel in the clear).
    public init(baseURL: String, apiKey: String, requestTimeout: Duration = .seconds(30)) throws(ConfigurationError) {
        guard let url = URL(string: baseURL), let scheme = url.scheme?.lowercased(), let host = url.host else {
            throw ConfigurationError("API URL '\(baseURL)' is not a valid URL")
        }
        switch scheme {
        case "https": break
        case "http":
            guard Self.isLoopback(host) else {
                throw ConfigurationError("API URL '\(baseURL)': plain http is allowed only to loopback hosts (127.0.0.1, ::1, localhost)")
            }
        default:
            throw ConfigurationError("API URL '\(baseURL)': the scheme must be https")
        }
        guard !apiKey.isEmpty else { throw ConfigurationError("the API key is empty") }
        guard apiKey.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw ConfigurationError("the API key holds a space, a line break or another character a key cannot have: check the key file or variable (the key is not shown)")
        }
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.requestTimeout = requestTimeout
    }

    /// An IP literal in 127.0.0.0/8, `::1`, or exactly `localhost`: nothing a DNS name could
    /// point elsewhere (`127.evil.example` is not loopback).
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" { return true }
        var ipv4 = in_addr()
        if inet_pton(AF_INET, bare, &ipv4) == 1 { return UInt32(bigEndian: ipv4.s_addr) >> 24 == 127 }
        var ipv6 = in6_addr()
        guard inet_pton(AF_INET6, bare, &ipv6) == 1 else { return false }
        return withUnsafeBytes(of: &ipv6) { bytes in bytes.dropLast().allSatisfy { $0 == 0 } && bytes.last == 1 }
    }

    /// The base URL of API `version`: the configured (v1) one with its `/v1` made `/v{version}`
    /// (`https://api.attentivemobile.com/v2`).
    public func baseURL(version: Int) -> String {
        guard version != 1 else { return baseURL }
        return (baseURL.hasSuffix("/v1") ? String(baseURL.dropLast(3)) : baseURL) + "/v\(version)"
    }

    public var description: String { "APIConfiguration(baseURL: \(baseURL), apiKey: <redacted>)" }
}

/// A setting that keeps the tool from starting, named with the flag or variable to fix.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
