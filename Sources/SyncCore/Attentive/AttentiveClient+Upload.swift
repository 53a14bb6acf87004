import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Files to and from the pre-signed URLs Attentive hands out: catalog uploads, bulk job results.
extension AttentiveClient {
    /// `GET`s the file at `url`, up to 256 MiB. The URL is pre-signed: the API key is not sent with it.
    public func download(from url: String) async -> APIReply {
        guard Self.isPresignedURLAllowed(url) else {
            return APIReply(.rejected(status: 0, message: "the results URL is not https (plain http only to loopback)"))
        }
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: "attentive-sync")
        do {
            let (response, text) = try await exchange(request, timeout: max(configuration.requestTimeout, .seconds(120)), bodyLimit: 256 << 20)
            let status = Int(response.status.code)
            switch status {
            case 200..<300: return APIReply(.acknowledged(status: status, body: text))
            case 429: return APIReply(.rateLimited)
            case 500...: return APIReply(.serverError(status: status))
            default: return APIReply(.rejected(status: status, message: Self.message(in: text)))
            }
        } catch {
            return APIReply(.transportError(TransportFailure.describe(error, url: url, timeout: configuration.requestTimeout)))
        }
    }

    /// https, or plain http to loopback (the fake).
    static func isPresignedURLAllowed(_ url: String) -> Bool {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), let host = parsed.host else { return false }
        return scheme == "https" || (scheme == "http" && APIConfiguration.isLoopback(host))
    }

    /// `PUT`s the file at `path` to `url`, streamed from disk with its length, and
    /// classifies the answer. The URL is pre-signed: the API key is not sent with it.
    public func upload(file path: String, byteCount: Int, to url: String) async -> APIReply {
        guard Self.isPresignedURLAllowed(url) else {
            return APIReply(.rejected(status: 0, message: "the upload URL is not https (plain http only to loopback)"))
        }
        var request = HTTPClientRequest(url: url)
        request.method = .PUT
        request.headers.add(name: "Content-Type", value: "application/x-ndjson")
        request.headers.add(name: "User-Agent", value: "attentive-sync")
        request.body = .stream(FileChunks(path: path), length: .known(Int64(byteCount)))
        do {
            let timeout = max(configuration.requestTimeout, .seconds(Int64(byteCount / 1_000_000)))
            let (response, text) = try await exchange(request, timeout: timeout, bodyLimit: 1 << 20)
            let status = Int(response.status.code)
            switch status {
            case 200..<300: return APIReply(.acknowledged(status: status, body: text))
            case 401, 403: return APIReply(.rejected(status: status, message: "the upload URL was refused (expired?): \(Self.message(in: text))"))
            case 429: return APIReply(.rateLimited)
            case 500...: return APIReply(.serverError(status: status))
            default: return APIReply(.rejected(status: status, message: Self.message(in: text)))
            }
        } catch {
            return APIReply(.transportError(TransportFailure.describe(error, url: url, timeout: configuration.requestTimeout)))
        }
    }
}

/// A file read front to back in chunks, as a request body.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let path: String
    var chunkSize = 1 << 20

    struct AsyncIterator: AsyncIteratorProtocol {
        let path: String
        let chunkSize: Int
        var handle: FileHandle?
        var finished = false

        mutating func next() async throws -> ByteBuffer? {
            guard !finished else { return nil }
            if handle == nil {
                guard let opened = FileHandle(forReadingAtPath: path) else {
                    throw ScratchDirectoryError(description: "cannot read \(path)")
                }
                handle = opened
            }
            guard let data = try handle?.read(upToCount: chunkSize), !data.isEmpty else {
                finished = true
                try? handle?.close()
                return nil
            }
            return ByteBuffer(bytes: data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(path: path, chunkSize: chunkSize)
    }
}
