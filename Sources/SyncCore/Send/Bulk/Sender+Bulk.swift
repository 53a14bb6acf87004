import Foundation

/// Bulk mode: each person's custom attributes, subscribes and identity links in one record,
/// 256 records a `POST /v2/bulk/user/attributes`, within that endpoint's budget. A change is
/// acknowledged from its record's line in the job's results file, never from the 202.
///
/// Before a request goes out its records are written to the state as a submission (with an
/// intent for each subscribe), and the job id once Attentive answers. An answer lost to a 5xx,
/// a dropped connection or a timeout may still have created a job: a request with subscribes
/// aboard is not sent again — its subscribes wait until Attentive shows whether they applied
/// (`IntentResolver`, `bulkSettleDelay` later) and the rest of its records go again without them.
extension Sender {
    /// Sends the segment members of `changes`, and with `users` their custom attributes,
    /// subscribes and identity links, while a watch looks at the jobs as they are submitted.
    func sendInBulk(_ changes: ChangeSpool, ledger: Ledger, users: Bool) async {
        let watch = JobWatch(firstPause: configuration.bulkPollInterval)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await awaitJobs(watch, ledger: ledger) }
            await withTaskGroup(of: Void.self) { submitting in
                if users { submitting.addTask { await submitUsers(changes, ledger: ledger, watch: watch) } }
                submitting.addTask { await submitSegmentMembers(changes, ledger: ledger, watch: watch) }
            }
            watch.submissionsEnded()
        }
    }

    private func submitUsers(_ changes: ChangeSpool, ledger: Ledger, watch: JobWatch) async {
        let batches = BulkBatches(changes, ledger: ledger, size: Endpoint.bulkUsersPerRequest)
        let requests = (batches.recordCount + Endpoint.bulkUsersPerRequest - 1) / Endpoint.bulkUsersPerRequest
        await withTaskGroup(of: Void.self) { workers in
            for _ in 0..<max(1, min(configuration.concurrency(for: .bulkUsers), requests)) {
                workers.addTask {
                    while monitor.stopReason == nil, let records = batches.next() {
                        if let job = await submit(records, .users, body: BulkRecord.requestBody(records), ledger: ledger) {
                            watch.add(job)
                        }
                    }
                }
            }
        }
    }

    /// Records and sends one request to `kind`'s endpoint; the submission, once Attentive
    /// accepted it as a job.
    func submit(_ records: [BulkRecord], _ kind: BulkSubmission.Kind, body: String, ledger: Ledger) async -> BulkSubmission? {
        var entries: [SubmittedChange] = []
        for (position, record) in records.enumerated() {
            for change in record.changes {
                entries.append(SubmittedChange(
                    .init(position: position, signature: record.signature, operation: change.operation, acknowledged: change.acknowledged),
                    intentUser: change.needsIntent ? RequestBody.user(change.user) : nil))
            }
        }
        let subscribes = records.contains { $0.carriesSubscriptions }
        do {
            var submission = try ledger.state.recordSubmission(mapping: ledger.mapping, kind: kind, entries)
            let intents = submission.changes.compactMap(\.intent)
            // `true`: the answer was lost with subscribes aboard; the request is not sent again.
            let outcome: RequestLoop.Outcome<Bool> = await requests.send(kind.endpoint, body: body) { _ in
                subscribes ? true : nil
            }
            switch outcome {
            case .answered(.acknowledged(_, let body), _):
                guard let jobID = BulkJobStatus.jobID(inSubmitAnswer: body) else {
                    guard subscribes else {
                        try forget(submission, removingIntents: intents, ledger: ledger)
                        for change in records.flatMap(\.changes) { record(.failed("Attentive accepted the bulk request but named no job"), change: change) }
                        return nil
                    }
                    return try await lost(submission, records, ledger: ledger)
                }
                try ledger.state.recordJob(submission: submission.id, jobID: jobID)
                submission.jobID = jobID
                monitor.withTally { tally in
                    tally.result.bulkJobs += 1
                    tally.result.bulkRecords += records.count
                    for change in records.flatMap(\.changes) { tally.result.targets[change.target, default: .init()].inBulk += 1 }
                }
                return submission
            case .answered(.unauthorized(let status), _):
                try forget(submission, removingIntents: intents, ledger: ledger)
                monitor.abort(APIResponse.unauthorized(status: status).summary)
                return nil
            case .answered(let response, let attempts):
                // Refused, or out of attempts after 429s or 5xx without subscribes: no job to wait for.
                try forget(submission, removingIntents: intents, ledger: ledger)
                let reason = if case .rejected = response { response.summary } else { "\(response.summary) (after \(attempts) attempts)" }
                for change in records.flatMap(\.changes) { record(.failed(reason), change: change) }
                return nil
            case .settled:
                return try await lost(submission, records, ledger: ledger)
            case .stopped(_, let uncertain):
                // Unanswered and stopping: the subscribes wait, like a lost answer's.
                try forget(submission, removingIntents: uncertain ? [] : intents, ledger: ledger)
                if uncertain {
                    for change in records.flatMap(\.changes) where change.request.subscription != nil {
                        record(.pending("the run stopped before the bulk request was answered: checked with GET /subscriptions later"), change: change)
                    }
                }
                return nil
            }
        } catch {
            monitor.abort("cannot record in the state: \(error)")
            return nil
        }
    }

    /// A request whose answer was lost with subscribes aboard: it may have made a job the tool
    /// will never hear of. Its subscribes stay pending as intents; the rest goes again without them.
    private func lost(_ submission: BulkSubmission, _ records: [BulkRecord], ledger: Ledger) async throws -> BulkSubmission? {
        try forget(submission, removingIntents: [], ledger: ledger)
        for change in records.flatMap(\.changes) where change.request.subscription != nil {
            record(.pending("the bulk request's answer was lost: checked with GET /subscriptions once --bulk-settle-after has passed"), change: change)
        }
        let rest = records.compactMap(\.withoutSubscriptions)
        return rest.isEmpty ? nil : await submit(rest, .users, body: BulkRecord.requestBody(rest), ledger: ledger)
    }

    /// Drops a submission that made no job to wait for, and the intents known not to apply.
    private func forget(_ submission: BulkSubmission, removingIntents intents: [Int64], ledger: Ledger) throws {
        try ledger.state.settleSubmissions(mapping: ledger.mapping, [BulkSettlement(submission: submission.id, removingIntents: intents)])
    }

    /// Looks at the jobs, as they are submitted, until each is settled or `bulkWait` has passed
    /// since the last was submitted (each is looked at once at least); what is left is pending,
    /// for the next run.
    func awaitJobs(_ watch: JobWatch, ledger: Ledger) async {
        let clock = ContinuousClock()
        var deadline: ContinuousClock.Instant?
        while monitor.stopReason == nil {
            let now = clock.now
            if deadline == nil, !watch.isSubmitting { deadline = now + configuration.bulkWait }
            let past = deadline.map { now >= $0 } ?? false
            let (due, more) = watch.takeDue(at: now, pastDeadline: past)
            if due.isEmpty {
                guard more, !past else { break }
                do { try await Task.sleep(for: .milliseconds(20)) } catch { break }
                continue
            }
            // Looked at side by side; what is done is written in one transaction.
            let looks = await withTaskGroup(of: (JobWatch.Watched, Look).self) { group in
                for watched in due { group.addTask { (watched, await look(at: watched.job)) } }
                return await group.reduce(into: []) { $0.append($1) }
            }
            var done: [(BulkSubmission, Look.Results)] = []
            for (watched, look) in looks {
                switch look {
                case .running: watch.again(watched, at: clock.now)
                case .done(let results): done.append((watched.job, results))
                }
            }
            settle(done, ledger: ledger, tallying: true)
        }
        for job in watch.remaining() {
            for entry in job.changes {
                record(.pending("bulk job \(job.jobID ?? "?") still running: the next run settles it"), target: entry.target, key: entry.acknowledged.key)
            }
        }
    }

    /// What a look at a job found.
    enum Look: Sendable {
        /// Running, or its status could not be read: looked at again later.
        case running
        /// Its results, or why there are none to be had.
        case done(Results)

        enum Results: Sendable {
            case outcomes([String: [BulkResults.Outcome]], jobID: String)
            case none(why: String)
        }
    }

    /// Looks at a job once: its status, and once completed its results file.
    func look(at job: BulkSubmission) async -> Look {
        guard let jobID = job.jobID else { return .done(.none(why: "its request's answer was lost")) }
        let status: RequestLoop.Outcome<Never> = await requests.send(.bulkJob(id: jobID), body: nil)
        switch status {
        case .answered(.acknowledged(_, let body), _):
            switch BulkJobStatus(answer: body) {
            case .inProgress, .unknown:
                return .running
            case .failed:
                return .done(.none(why: "Attentive reports job \(jobID) failed"))
            case .completed(let url):
                let download: RequestLoop.Outcome<Never> = await requests.perform(.bulkJob(id: jobID), gated: false) {
                    await api.download(from: url)
                }
                guard case .answered(.acknowledged(_, let text), _) = download else {
                    return .done(.none(why: "the results of job \(jobID) could not be downloaded"))
                }
                return .done(.outcomes(BulkResults.outcomes(in: text), jobID: jobID))
            }
        case .answered(.rejected(404, _), _):
            return .done(.none(why: "Attentive no longer knows job \(jobID) (results are kept two weeks)"))
        default:
            return .running
        }
    }

    /// Records each change of the jobs from its record's result, all in one transaction. A change
    /// without a result is not acknowledged: planned again, or for a subscribe, left to
    /// `GET /subscriptions` (its intent stays). `tallying`: the changes count in this run's
    /// result (they are its own).
    func settle(_ jobs: [(BulkSubmission, Look.Results)], ledger: Ledger, tallying: Bool) {
        var settlements: [BulkSettlement] = []
        var deliveries: [(BulkSubmission.Entry, Delivery)] = []
        for (job, found) in jobs {
            var results: [String: [BulkResults.Outcome]] = [:], why: String
            switch found {
            case .outcomes(let outcomes, let jobID): (results, why) = (outcomes, "job \(jobID) has no result for the record")
            case .none(let reason): why = reason
            }
            var outcomes: [Int: BulkResults.Outcome] = [:]
            for entry in job.changes where outcomes[entry.position] == nil {
                if let outcome = results[entry.signature]?.first {
                    outcomes[entry.position] = outcome
                    results[entry.signature]?.removeFirst()
                }
            }
            var settlement = BulkSettlement(submission: job.id)
            for entry in job.changes {
                switch outcomes[entry.position] {
                case .succeeded?:
                    settlement.acknowledged.append(entry.acknowledged)
                    if let intent = entry.intent { settlement.removingIntents.append(intent) }
                    deliveries.append((entry, .acknowledged(note: nil)))
                case .failed(let reason)?:
                    if let intent = entry.intent { settlement.removingIntents.append(intent) }
                    deliveries.append((entry, .failed(reason)))
                case nil:
                    deliveries.append((entry, entry.intent != nil ? .pending("\(why): checked with GET /subscriptions") : .failed("\(why): sent again next run")))
                }
            }
            settlements.append(settlement)
        }
        do {
            try ledger.state.settleSubmissions(mapping: ledger.mapping, settlements)
        } catch {
            monitor.abort("cannot record in the state: \(error)")
            return
        }
        if tallying {
            for (entry, delivery) in deliveries { record(delivery, target: entry.target, key: entry.acknowledged.key, inRow: false) }
        }
    }
}
