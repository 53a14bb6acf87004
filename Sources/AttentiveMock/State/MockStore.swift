/// Everything the fake remembers between requests: rate budgets, the fault
/// injector's sequence, the request log, counters, and what was sent to it.
public actor MockStore {
    private let rateScale: Double
    private let seed: UInt64
    private var budgets: [String: RateBudget] = [:]
    private var faults: FaultInjector
    private var log: [RecordedRequest] = []
    private var statistics = MockStatistics()
    private var attributes = AttributeStore()
    private var subscriptions = SubscriptionStore()
    private var identities: [JSONValue] = []
    private var uploads: [CatalogUpload] = []
    private var jobs: [BulkJob] = []
    private var segmentStore = SegmentStore()
    private var eventStore = EventStore()
    private let bulkJobPolls: Int
    private let bulkJobDelay: Duration?
    /// Catalog products failed on purpose (`MockConfiguration.rejectedProductIDs`).
    public let rejectedProductIDs: Set<String>

    public init(configuration: MockConfiguration) {
        rateScale = configuration.rateScale
        seed = configuration.seed ?? UInt64.random(in: .min ... .max)
        faults = FaultInjector(failRate: configuration.failRate, dropRate: configuration.dropRate,
                               bulkRecordFailRate: configuration.bulkRecordFailRate, seed: seed)
        rejectedProductIDs = configuration.rejectedProductIDs
        bulkJobPolls = configuration.bulkJobPolls
        bulkJobDelay = configuration.bulkJobDelay
    }

    // MARK: Limits and faults

    /// Takes one request from `endpoint`'s budget; returns the decision and the limit to advertise.
    public func admit(_ endpoint: String, at now: ContinuousClock.Instant = .now) -> (decision: RateBudget.Decision, limit: Int) {
        completeDueJobs(at: now)
        var budget = self.budget(for: endpoint)
        let decision = budget.take(at: now)
        budgets[endpoint] = budget
        return (decision, budget.advertisedLimit)
    }

    /// The budget's limit and what is left, without spending any (for answers given
    /// before the budget is consulted, such as 401).
    public func peek(_ endpoint: String, at now: ContinuousClock.Instant = .now) -> (limit: Int, remaining: Int) {
        var budget = self.budget(for: endpoint)
        let remaining = budget.remaining(at: now)
        budgets[endpoint] = budget
        return (budget.advertisedLimit, remaining)
    }

    private func budget(for endpoint: String) -> RateBudget {
        budgets[endpoint] ?? RateBudget(ratePerSecond: EndpointRateLimits.scaled(EndpointRateLimits.limit(for: endpoint), by: rateScale))
    }

    /// Whether the fault injector fails the next request.
    public func nextRequestFails() -> Bool {
        faults.nextRequestFails()
    }

    /// Whether the fault injector drops the next processed request's answer.
    public func nextAnswerDropped() -> Bool {
        faults.nextAnswerDropped()
    }

    // MARK: Log and counters

    /// Logs an answered request and counts it under `endpoint`.
    public func record(_ request: RecordedRequest, endpoint: String, outcome: RequestOutcome) {
        log.append(request)
        statistics.count(endpoint: endpoint, status: request.status, outcome: outcome)
    }

    /// The logged requests in arrival order, optionally only those to `path`.
    public func requests(path: String? = nil) -> [RecordedRequest] {
        guard let path else { return log }
        return log.filter { $0.path == path }
    }

    public var stats: MockStatistics { statistics }

    /// The `/_mock/stats` document: the counters, plus `duplicateSubscriptions`.
    public var statsDocument: JSONValue {
        guard case .object(var members) = statistics.json else { return statistics.json }
        members["duplicateSubscriptions"] = .number(Double(subscriptions.duplicateSubscriptions))
        members["removalsOfNonMembers"] = .number(Double(segmentStore.removalsOfNonMembers))
        members["duplicateEvents"] = .number(Double(eventStore.duplicates))
        members["deduplicatedEvents"] = .number(Double(eventStore.deduplicated))
        return .object(members)
    }

    // MARK: Custom attributes

    /// Merges `properties` into the person's attributes under Attentive's rules.
    public func mergeAttributes(_ properties: [String: JSONValue], into user: String) throws(RuleViolation) {
        try attributes.merge(properties, into: user)
    }

    /// The merged attributes per person key.
    public var attributesByUser: [String: [String: JSONValue]] { attributes.attributesByUser }

    // MARK: Subscriptions

    public func subscribe(phone: String?, email: String?, signUpSourceId: String) -> [SubscriptionStore.Change] {
        subscriptions.subscribe(phone: phone, email: email, signUpSourceId: signUpSourceId)
    }

    public func unsubscribe(phone: String?, email: String?, requested: [(type: String?, channel: String?)]?) -> [SubscriptionStore.Change] {
        subscriptions.unsubscribe(phone: phone, email: email, requested: requested)
    }

    public func subscriptionEligibilities(phone: String?, email: String?) -> [(key: SubscriptionStore.Key, isEligible: Bool)] {
        subscriptions.eligibilities(phone: phone, email: email)
    }

    /// The `/_mock/subscriptions` document.
    public var subscriptionsDocument: JSONValue { subscriptions.json }

    // MARK: Identities

    /// Keeps one accepted set of linked identifiers.
    public func recordIdentity(_ identifiers: [(name: String, value: String)]) {
        identities.append(.object(Dictionary(identifiers.map { ($0.name, JSONValue.string($0.value)) }, uniquingKeysWith: { _, last in last })))
    }

    /// The `/_mock/identities` document: each accepted set as `{name: value}`, in order
    /// (custom identifiers as `custom:<name>`).
    public var identitiesDocument: JSONValue { .array(identities) }

    // MARK: Catalog uploads

    /// Opens a new upload, waiting for its file.
    public func createUpload(validateOnly: Bool) -> CatalogUpload {
        let upload = CatalogUpload(id: "mock-upload-\(uploads.count + 1)", validateOnly: validateOnly)
        uploads.append(upload)
        return upload
    }

    /// Stores the file's validation report; `nil` when there is no such upload, or its
    /// file has already been sent.
    public func receiveUploadFile(id: String, report: CatalogFileValidator.Report) -> CatalogUpload? {
        guard let index = uploads.firstIndex(where: { $0.id == id }), uploads[index].acceptsFile else { return nil }
        uploads[index].receive(report)
        return uploads[index]
    }

    /// The upload, moved one step along its workflow (what polling it does).
    public func pollUpload(id: String) -> CatalogUpload? {
        guard let index = uploads.firstIndex(where: { $0.id == id }) else { return nil }
        uploads[index].advance()
        return uploads[index]
    }

    /// Whether an upload with this id exists.
    public func hasUpload(id: String) -> Bool {
        uploads.contains { $0.id == id }
    }

    /// Every upload in order of creation.
    public var catalogUploads: [CatalogUpload] { uploads }

    /// The `/_mock/catalog` document: each upload, its workflow state and errors, and the
    /// products of its file.
    public var catalogDocument: JSONValue {
        .array(uploads.map { upload in
            [
                "uploadId": .string(upload.id),
                "validateOnly": .bool(upload.validateOnly),
                "status": .string(upload.status.rawValue),
                "errors": .array((upload.report?.errors ?? []).map { problem in
                    ["errorType": .string(problem.errorType), "errorMessage": .string(problem.errorMessage), "lineNum": .number(Double(problem.lineNum))]
                }),
                "products": .array(upload.report?.products ?? []),
            ]
        })
    }

    // MARK: Bulk jobs and segments

    /// Queues a v2 bulk job of `records`; it completes later (`BulkJob`).
    public func submitJob(_ kind: BulkJob.Kind, segment: String? = nil, records: [JSONValue]) -> BulkJob {
        let job = BulkJob(id: "mock-job-\(jobs.count + 1)", kind: kind, segment: segment, records: records, submitted: .now)
        jobs.append(job)
        return job
    }

    /// A job as `GET /v2/bulk/job/{id}` sees it: looking counts as a poll, which may complete it.
    public func pollJob(id: String) -> BulkJob? {
        guard let index = jobs.firstIndex(where: { $0.id == id }) else { return nil }
        jobs[index].countPoll()
        completeDueJobs()
        return jobs[index]
    }

    /// A job without counting a poll (its results file).
    public func job(id: String) -> BulkJob? {
        jobs.first { $0.id == id }
    }

    /// Processes every job that is due: each record takes effect, or fails, on its own.
    public func completeDueJobs(at now: ContinuousClock.Instant = .now) {
        for index in jobs.indices where jobs[index].isDue(polls: bulkJobPolls, delay: bulkJobDelay, at: now) {
            let job = jobs[index]
            jobs[index].complete(job.records.map { record in
                Result { () throws(RuleViolation) in try apply(record, of: job) }
            })
        }
    }

    private func apply(_ record: JSONValue, of job: BulkJob) throws(RuleViolation) {
        if faults.nextBulkRecordFails() { throw RuleViolation("record refused (injected by attentive-mock)") }
        switch job.kind {
        case .users:
            let user = try BulkUserRules.record(record)
            if let key = user.key, !user.custom.isEmpty { try attributes.merge(user.custom, into: key) }
            for subscription in user.subscriptions {
                let address = (subscription.channel == "TEXT" ? user.phone : user.email) ?? ""
                _ = subscriptions.subscribe(.init(address: address, channel: subscription.channel, type: subscription.type),
                                            signUpSourceId: subscription.signUpSourceId)
            }
            if let links = user.links { recordIdentity(links) }
        case .addSegmentMembers, .removeSegmentMembers:
            try segmentStore.apply(record, adding: job.kind == .addSegmentMembers, to: job.segment ?? "")
        }
    }

    /// Creates a segment; nil when the external id is taken.
    public func createSegment(externalId: String, name: String, description: String?) -> SegmentStore.Segment? {
        segmentStore.create(externalId: externalId, name: name, description: description)
    }

    public func segment(externalId: String) -> SegmentStore.Segment? {
        segmentStore.segments[externalId]
    }

    public var segments: [SegmentStore.Segment] {
        segmentStore.segments.values.sorted { $0.externalId < $1.externalId }
    }

    /// The `/_mock/jobs` document: every job, its state and failed records.
    public var jobsDocument: JSONValue { .array(jobs.map(\.inspection)) }

    /// The `/_mock/segments` document: each segment with its members.
    public var segmentsDocument: JSONValue { segmentStore.inspection }

    // MARK: Events

    public func receiveEvent(kind: String, body: JSONValue) {
        eventStore.receive(kind: kind, body: body)
    }

    public var eventsDocument: JSONValue { eventStore.inspection }

    // MARK: Reset

    /// Forgets everything: log, counters, state, budgets; the fault sequence restarts from the seed.
    public func reset() {
        budgets = [:]
        faults.reset()
        log = []
        statistics = MockStatistics()
        attributes = AttributeStore()
        subscriptions = SubscriptionStore()
        identities = []
        uploads = []
        jobs = []
        segmentStore = SegmentStore()
        eventStore = EventStore()
    }
}
