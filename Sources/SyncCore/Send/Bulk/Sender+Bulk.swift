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
                        if let job = await submit(records, .users, to: .bulkUsers, body: BulkRecord.requestBody(records), ledger: ledger) {
                            watch.add(job)
                        }
                    }
                }
            }
        }
    }

    /// Records and sends one request; the submission, once Attentive accepted it as a job.
    func submit(_ records: [BulkRecord], _ kind: BulkSubmission.Kind, to endpoint: Endpoint, body: String, ledger: Ledger) async -> BulkSubmission? {
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
            let outcome: RequestLoop.Outcome<Bool> = await requests.send(endpoint, body: body) { _ in
                subscribes ? true : nil
            }
            switch outcome {
            case .answered(.acknowledged(_, let body), _):
                guard let jobID = BulkJobStatus.jobID(inSubmitAnswer: body) else {
                    guard subscribes else {
                        try ledger.state.settleSubmission(mapping: ledger.mapping, submission.id, acknowledged: [], removingIntents: intents)
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
                }
                return submission
            case .answered(.unauthorized(let status), _):
                try ledger.state.settleSubmission(mapping: ledger.mapping, submission.id, acknowledged: [], removingIntents: intents)
                monitor.abort(APIResponse.unauthorized(status: status).summary)
                return nil
            case .answered(let response, let attempts):
                // Refused, or out of attempts after 429s or 5xx without subscribes: no job to wait for.
                try ledger.state.settleSubmission(mapping: ledger.mapping, submission.id, acknowledged: [], removingIntents: intents)
                let reason = if case .rejected = response { response.summary } else { "\(response.summary) (after \(attempts) attempts)" }
                for change in records.flatMap(\.changes) { record(.failed(reason), change: change) }
                return nil
            case .settled:
                return try await lost(submission, records, ledger: ledger)
            case .stopped(_, let uncertain):
                // Unanswered and stopping: the subscribes wait, like a lost answer's.
                try ledger.state.settleSubmission(mapping: ledger.mapping, submission.id, acknowledged: [], removingIntents: uncertain ? [] : intents)
                if uncertain {
                    for change in records.flatMap(\.changes) where change.request.subscription != nil { record(.pending, change: change) }
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
        try ledger.state.settleSubmission(mapping: ledger.mapping, submission.id, acknowledged: [], removingIntents: [])
        for change in records.flatMap(\.changes) where change.request.subscription != nil { record(.pending, change: change) }
        let rest = records.compactMap(\.withoutSubscriptions)
        return rest.isEmpty ? nil : await submit(rest, .users, to: .bulkUsers, body: BulkRecord.requestBody(rest), ledger: ledger)
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
            await withTaskGroup(of: Void.self) { group in
                for watched in due {
                    group.addTask {
                        if !(await settleIfDone(watched.job, ledger: ledger, tallying: true)) { watch.again(watched, at: clock.now) }
                    }
                }
            }
        }
        for job in watch.remaining() {
            for entry in job.changes { record(.pending, target: entry.target, key: entry.acknowledged.key) }
        }
    }

    /// Looks at a job once and settles it when its results are in, or cannot be had; false
    /// while it is running (or its status could not be read). `tallying`: the changes count in
    /// this run's result (they are its own).
    func settleIfDone(_ job: BulkSubmission, ledger: Ledger, tallying: Bool) async -> Bool {
        guard let jobID = job.jobID else {
            return settle(job, results: nil, why: "its request's answer was lost", ledger: ledger, tallying: tallying)
        }
        let status: RequestLoop.Outcome<Never> = await requests.send(.bulkJob(id: jobID), body: nil)
        switch status {
        case .answered(.acknowledged(_, let body), _):
            switch BulkJobStatus(answer: body) {
            case .inProgress, .unknown:
                return false
            case .failed:
                return settle(job, results: nil, why: "Attentive reports job \(jobID) failed", ledger: ledger, tallying: tallying)
            case .completed(let url):
                let download: RequestLoop.Outcome<Never> = await requests.perform(.bulkJob(id: jobID), gated: false) {
                    await api.download(from: url)
                }
                guard case .answered(.acknowledged(_, let text), _) = download else {
                    return settle(job, results: nil, why: "the results of job \(jobID) could not be downloaded", ledger: ledger, tallying: tallying)
                }
                return settle(job, results: BulkResults.outcomes(in: text), why: "job \(jobID) has no result for the record",
                              ledger: ledger, tallying: tallying)
            }
        case .answered(.rejected(404, _), _):
            return settle(job, results: nil, why: "Attentive no longer knows job \(jobID) (results are kept two weeks)",
                          ledger: ledger, tallying: tallying)
        default:
            return false
        }
    }

    /// Records each change of `job` from its record's result, in one transaction. A change
    /// without a result is not acknowledged: planned again, or for a subscribe, left to
    /// `GET /subscriptions` (its intent stays).
    @discardableResult
    private func settle(_ job: BulkSubmission, results: [String: [BulkResults.Outcome]]?, why: String, ledger: Ledger, tallying: Bool) -> Bool {
        var results = results ?? [:]
        var outcomes: [Int: BulkResults.Outcome] = [:]
        for entry in job.changes where outcomes[entry.position] == nil {
            if let outcome = results[entry.signature]?.first {
                outcomes[entry.position] = outcome
                results[entry.signature]?.removeFirst()
            }
        }
        var acknowledged: [AcknowledgedRecord] = [], intents: [Int64] = []
        var deliveries: [(BulkSubmission.Entry, Delivery)] = []
        for entry in job.changes {
            switch outcomes[entry.position] {
            case .succeeded?:
                acknowledged.append(entry.acknowledged)
                if let intent = entry.intent { intents.append(intent) }
                deliveries.append((entry, .acknowledged(note: nil)))
            case .failed(let reason)?:
                if let intent = entry.intent { intents.append(intent) }
                deliveries.append((entry, .failed(reason)))
            case nil:
                deliveries.append((entry, entry.intent != nil ? .pending : .failed("\(why): sent again next run")))
            }
        }
        do {
            try ledger.state.settleSubmission(mapping: ledger.mapping, job.id, acknowledged: acknowledged, removingIntents: intents)
        } catch {
            monitor.abort("cannot record in the state: \(error)")
            return false
        }
        if tallying {
            for (entry, delivery) in deliveries { record(delivery, target: entry.target, key: entry.acknowledged.key, inRow: false) }
        }
        return true
    }
}
