import Foundation

/// Attentive's `CatalogUploadResponse`: where an upload is in its workflow
/// (`initialized → validating → validated → completed`) and what validation found.
public struct CatalogUploadStatus: Decodable, Sendable, Equatable {
    public var uploadId: String
    /// Where to `PUT` the file (in the answer to the `POST`).
    public var uploadUrl: String?
    public var status: String?
    /// At most 10 per error type, Attentive says.
    public var errors: [CatalogUploadError]?
    public var productsReceived: Int?
    public var productsProcessed: Int?

    /// Reads an answer's JSON body; nil when it is not an upload.
    public init?(json: String) {
        guard let decoded = try? JSONDecoder().decode(Self.self, from: Data(json.utf8)) else { return nil }
        self = decoded
    }
}

/// One validation error, with the 1-based line of the file it is about (0: the whole file).
public struct CatalogUploadError: Decodable, Sendable, Equatable {
    public var errorType: String?
    public var errorMessage: String?
    public var lineNum: Int?

    /// `INVALID_LINK: link must be an http(s) URL`.
    public var text: String {
        [errorType, errorMessage].compactMap { $0 }.joined(separator: ": ")
    }
}
