import Hummingbird

extension Response {
    /// A response with a JSON body (or none when `body` is `nil`).
    static func json(_ status: Int, _ body: JSONValue?, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        guard let body else {
            return Response(status: .init(code: status), headers: headers)
        }
        headers[.contentType] = "application/json"
        return Response(
            status: .init(code: status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body.encoded()))
        )
    }

    /// `{"message": …}`, the shape of every error the fake answers with.
    static func message(_ status: Int, _ message: String, headers: HTTPFields = [:]) -> Response {
        json(status, ["message": .string(message)], headers: headers)
    }
}

/// A header name. Hummingbird re-exports `HTTPFields` but not `HTTPField`, so the
/// name type is reached through the collection's element rather than another import.
typealias HeaderName = HTTPFields.Element.Name

extension HeaderName {
    static let rateLimitLimit = HeaderName("x-ratelimit-limit")!
    static let rateLimitRemaining = HeaderName("x-ratelimit-remaining")!
}
