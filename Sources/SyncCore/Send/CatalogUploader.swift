import Logging

/// Uploads a catalog plan's files one after another: `POST /product-catalog/uploads`
/// (with `validateOnly` always explicit), `PUT` the file to the pre-signed `uploadUrl`,
/// then poll `GET /product-catalog/uploads/{id}` until `completed` (`validated` for a
/// validate-only upload). Creating and polling share the uploads endpoint's budget.
///
/// Attentive's validation errors name file lines; they are mapped back to the product and
/// its source lines and recorded as that product's failure. A product is written to the
/// state only once its upload reached the final status without an error on its line.
public struct CatalogUploader: Sendable {
    public let api: any AttentiveAPI
    public let configuration: CatalogUploadConfiguration
    public let monitor: SendMonitor
    public let logger: Logger
    let requests: RequestLoop

    public init(api: any AttentiveAPI, configuration: CatalogUploadConfiguration = .init(), monitor: SendMonitor? = nil,
                logger: Logger) {
        self.api = api
        self.configuration = configuration
        self.logger = logger
        let sending = SenderConfiguration(rateLimits: [Endpoint.catalogUploads.name: configuration.rate], retry: configuration.retry)
        let monitor = monitor ?? SendMonitor(configuration: sending)
        self.monitor = monitor
        requests = RequestLoop(api: api, gates: RateGates(configuration: sending), retry: configuration.retry,
                               monitor: monitor, logger: logger)
    }

    /// How one file's upload ended.
    enum FileOutcome {
        /// The upload reached its final status; Attentive's report.
        case finished(CatalogUploadStatus)
        /// This file's products are left for the next run; the next file may still go.
        case failed(String)
        /// The run stops: this file's products fail, later files are not attempted.
        case abort(String)
    }

    /// Uploads every file of `plan`, recording acknowledged products in `ledger`.
    public func upload(
        _ plan: CatalogPlan, validateOnly: Bool, ledger: Sender.Ledger,
        report: @escaping @Sendable (CatalogUploadProgress) -> Void = { _ in }
    ) async -> SendResult {
        var result = SendResult()
        let files = plan.files.files
        for (number, file) in files.enumerated() {
            if result.abortReason == nil, let reason = monitor.stopReason {
                result.abortReason = reason
                result.interrupted = monitor.result.interrupted
            }
            if result.abortReason != nil {
                result.notAttempted += file.lineCount
                continue
            }
            let outcome = await send(file, number: number + 1, of: files.count, validateOnly: validateOnly, report: report)
            switch outcome {
            case .finished(let status):
                do {
                    try settle(file, status: status, validateOnly: validateOnly, plan: plan, ledger: ledger, into: &result)
                } catch {
                    result.abortReason = "cannot record in the state: \(error)"
                }
            case .failed(let reason):
                fail(file, reason: reason, plan: plan, into: &result)
            case .abort(let reason):
                fail(file, reason: reason, plan: plan, into: &result)
                result.abortReason = reason
            }
        }
        result.targets[.products] = TargetProgress(planned: plan.plan.changes.count, sent: result.acknowledged, failed: result.failures.count)
        result.requests = monitor.result.requests
        return result
    }

    /// Create, `PUT`, poll.
    func send(_ file: CatalogUploadFiles.File, number: Int, of count: Int, validateOnly: Bool,
              report: @Sendable (CatalogUploadProgress) -> Void) async -> FileOutcome {
        let created = await call(.catalogUploads, body: "{\"validateOnly\":\(validateOnly)}")
        guard case .acknowledged(_, let body) = created else { return .abort("POST /product-catalog/uploads: \(created.summary)") }
        guard let upload = CatalogUploadStatus(json: body), let url = upload.uploadUrl else {
            return .abort("POST /product-catalog/uploads: the answer holds no uploadId and uploadUrl")
        }
        var progress = CatalogUploadProgress(file: number, files: count, uploadID: upload.uploadId,
                                             status: upload.status ?? "initialized", lines: file.lineCount)
        report(progress)
        let put: RequestLoop.Outcome<Never> = await requests.perform(.catalogUploads, gated: false) {
            await api.upload(file: file.path, byteCount: file.byteCount, to: url)
        }
        guard case .answered(.acknowledged, _) = put else {
            return .abort("PUT of catalog file \(number) (upload \(upload.uploadId)): \(Self.summary(of: put))")
        }
        let clock = ContinuousClock()
        let deadline = clock.now + configuration.maximumWait
        while true {
            try? await Task.sleep(for: configuration.pollInterval)
            let polled = await call(.catalogUpload(id: upload.uploadId), body: nil)
            guard case .acknowledged(_, let body) = polled, let status = CatalogUploadStatus(json: body) else {
                return .abort("GET /product-catalog/uploads/\(upload.uploadId): \(polled.summary)")
            }
            let state = (status.status ?? "").lowercased()
            progress.status = state
            progress.productsReceived = status.productsReceived
            progress.productsProcessed = status.productsProcessed
            report(progress)
            switch state {
            case "completed", "saved": return .finished(status)
            case "validated" where validateOnly: return .finished(status)
            case "initialized", "validating", "validated": break
            default: return .failed("upload \(upload.uploadId) ended as '\(status.status ?? "")': uploaded again next run")
            }
            if clock.now >= deadline {
                return .failed("upload \(upload.uploadId) still \(state) after \(configuration.maximumWait): uploaded again next run")
            }
        }
    }

    /// One request to the uploads endpoint within its budget, retried on 429, 5xx and transport errors.
    func call(_ endpoint: Endpoint, body: String?) async -> APIResponse {
        let outcome: RequestLoop.Outcome<Never> = await requests.send(endpoint, body: body)
        if case .answered(let response, _) = outcome { return response }
        return .transportError(Self.summary(of: outcome))
    }

    static func summary(of outcome: RequestLoop.Outcome<Never>) -> String {
        switch outcome {
        case .answered(let response, _): response.summary
        case .stopped(let reason, _): "stopped: \(reason)"
        }
    }

    /// Records the products of a finished upload: those without an error are acknowledged,
    /// each error becomes its product's failure with the product's source lines.
    func settle(_ file: CatalogUploadFiles.File, status: CatalogUploadStatus, validateOnly: Bool, plan: CatalogPlan,
                ledger: Sender.Ledger, into result: inout SendResult) throws {
        var errorsByLine: [Int: [String]] = [:]
        var fileErrors: [String] = []
        for error in status.errors ?? [] {
            if let line = error.lineNum, (1...file.lineCount).contains(line) {
                errorsByLine[line, default: []].append(error.text)
            } else {
                fileErrors.append(error.text)
            }
        }
        let final = status.status ?? "completed"
        let received = status.productsReceived ?? file.lineCount
        let failing = max(errorsByLine.count, received - (status.productsProcessed ?? received))
        result.notes.append(ChangeNote(
            key: status.uploadId, target: .products,
            note: "\(final)\(validateOnly ? " (validate only)" : ""): \(received) products received, "
                + "\(status.productsProcessed.map(String.init) ?? "?") processed, \(status.errors?.count ?? 0) error\(status.errors?.count == 1 ? "" : "s")"))
        if !fileErrors.isEmpty {
            fail(file, reason: "Attentive refused upload \(status.uploadId): \(fileErrors.joined(separator: "; "))", plan: plan, into: &result)
            return
        }
        let everyFailureListed = failing <= errorsByLine.count
        var acknowledged: [AcknowledgedRecord] = []
        var line = 0
        var changes = plan.plan.changes.makeIterator(from: file.firstChange)
        try CatalogUploadFiles.lines(of: file) { text in
            line += 1
            let index = changes.position
            let change = changes.next()!
            if let errors = errorsByLine[line] {
                result.failures.append(RecordFailure(
                    target: .products, key: change.key,
                    reason: "Attentive: \(errors.joined(separator: "; ")) (line \(line) of upload \(status.uploadId); \(plan.linesText(ofChange: index)))"))
                return
            }
            guard everyFailureListed else {
                result.failures.append(RecordFailure(
                    target: .products, key: change.key,
                    reason: "upload \(status.uploadId): Attentive reported \(failing) failing products but listed \(errorsByLine.count); "
                        + "this one is uploaded again next run"))
                return
            }
            acknowledged.append(AcknowledgedRecord(
                scope: .product, key: change.key, fingerprint: change.acknowledged.fingerprint,
                payload: change.operation == .delete ? nil : text))
            if acknowledged.count >= 1000 {
                try ledger.state.acknowledge(mapping: ledger.mapping, acknowledged)
                result.acknowledged += acknowledged.count
                acknowledged.removeAll(keepingCapacity: true)
            }
        }
        try ledger.state.acknowledge(mapping: ledger.mapping, acknowledged)
        result.acknowledged += acknowledged.count
    }

    /// Every product of `file` failed for `reason`.
    func fail(_ file: CatalogUploadFiles.File, reason: String, plan: CatalogPlan, into result: inout SendResult) {
        for change in IteratorSequence(plan.plan.changes.makeIterator(from: file.firstChange)).prefix(file.lineCount) {
            result.failures.append(RecordFailure(target: .products, key: change.key, reason: reason))
        }
    }
}
