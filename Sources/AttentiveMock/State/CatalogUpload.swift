import Foundation

/// One product catalog upload: created by `POST /product-catalog/uploads`, filled by a
/// `PUT` to its upload URL, and moved one step along `initialized → validating →
/// validated → completed` each time it is looked up (a `validateOnly` upload stops at
/// `validated`), so a poller sees every state.
public struct CatalogUpload: Sendable, Hashable {
    /// Where the upload is in Attentive's workflow.
    public enum Status: String, Sendable {
        case initialized, validating, validated, completed
    }

    public let id: String
    public let validateOnly: Bool
    public let created: Date
    public private(set) var status: Status = .initialized
    public private(set) var lastUpdated: Date
    /// The validation report, once the file has arrived.
    public private(set) var report: CatalogFileValidator.Report?

    public init(id: String, validateOnly: Bool, created: Date = Date()) {
        self.id = id
        self.validateOnly = validateOnly
        self.created = created
        self.lastUpdated = created
    }

    /// Whether the file may still be sent (only once, before processing starts).
    public var acceptsFile: Bool { report == nil }

    /// Stores the validated file.
    public mutating func receive(_ report: CatalogFileValidator.Report, at now: Date = Date()) {
        self.report = report
        lastUpdated = now
    }

    /// One step along the workflow, if the file has arrived.
    public mutating func advance(at now: Date = Date()) {
        guard report != nil else { return }
        let next: Status? = switch status {
        case .initialized: .validating
        case .validating: .validated
        case .validated: validateOnly ? nil : .completed
        case .completed: nil
        }
        if let next {
            status = next
            lastUpdated = now
        }
    }

    /// The `CatalogUploadResponse` document; `uploadURL` is where the file goes.
    public func json(uploadURL: String) -> JSONValue {
        let checked = status == .validated || status == .completed
        return [
            "uploadId": .string(id),
            "status": .string(status.rawValue),
            "validateOnly": .bool(validateOnly),
            "productsReceived": .number(Double(report?.productsReceived ?? 0)),
            "productsProcessed": .number(Double(checked ? report?.productsProcessed ?? 0 : 0)),
            "errors": .array((checked ? report?.errors ?? [] : []).map { problem in
                ["errorType": .string(problem.errorType), "errorMessage": .string(problem.errorMessage), "lineNum": .number(Double(problem.lineNum))]
            }),
            "lastUpdated": .string(lastUpdated.ISO8601Format()),
            "expires": .string(created.addingTimeInterval(24 * 3600).ISO8601Format()),
            "uploadUrl": .string(uploadURL),
        ]
    }
}
