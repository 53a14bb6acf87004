/// What became of one request, classified the way the sender acts on it.
public enum APIResponse: Sendable, Equatable {
    /// 2xx: acknowledged. `body` is the response text.
    case acknowledged(status: Int, body: String)
    /// 400 and other 4xx the record is at fault for: recorded, not retried this run.
    case rejected(status: Int, message: String)
    /// 401/403: the key is refused; the run aborts.
    case unauthorized(status: Int)
    /// 429: over the rate budget; retried with backoff.
    case rateLimited
    /// 5xx: retried with backoff.
    case serverError(status: Int)
    /// No answer: connection refused or dropped, timeout. Retried with backoff.
    case transportError(String)

    /// One line for logs and failure lists.
    public var summary: String {
        switch self {
        case .acknowledged(let status, _): "\(status)"
        case .rejected(let status, let message): "\(status): \(message)"
        case .unauthorized(let status): "\(status): the API key was refused"
        case .rateLimited: "429: rate limited"
        case .serverError(let status): "\(status): server error"
        case .transportError(let reason): "no answer: \(reason)"
        }
    }
}
