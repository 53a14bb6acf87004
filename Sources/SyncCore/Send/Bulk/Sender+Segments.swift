import Foundation

/// Segment members: added and removed in bulk (`POST` / `DELETE /v2/bulk/segments/members`,
/// 10,000 a request), each segment created first when Attentive does not have it. Jobs and
/// their results are handled as for users (`Sender+Bulk`).
extension Sender {
    func submitSegmentMembers(_ changes: ChangeSpool, ledger: Ledger, watch: JobWatch) async {
        // The spool indices of each segment's adds and removes, in plan order: only the segments'
        // changes are read, found by their entries.
        var indices: [Int] = []
        var position = 0
        changes.forEachEntry { entry in
            if entry.target == .segments { indices.append(position) }
            position += 1
        }
        var groups: [(segment: SegmentRef, add: Bool, indices: [Int])] = []
        var place: [SegmentRef: [Bool: Int]] = [:]
        for index in indices {
            let change = changes[index]
            guard case .segmentMember(let segment, let add) = change.request, !ledger.holds(change) else { continue }
            if let at = place[segment]?[add] {
                groups[at].indices.append(index)
            } else {
                place[segment, default: [:]][add] = groups.count
                groups.append((segment, add, [index]))
            }
        }
        var ready: [String: String?] = [:]
        for group in groups where monitor.stopReason == nil {
            if ready[group.segment.externalId] == nil { ready.updateValue(await ensureExists(group.segment), forKey: group.segment.externalId) }
            let records = group.indices.lazy.map { changes[$0] }
            if let problem = ready[group.segment.externalId] ?? nil {
                for change in records { record(.failed(problem), change: change) }
                continue
            }
            for start in stride(from: 0, to: group.indices.count, by: Endpoint.segmentMembersPerRequest) where monitor.stopReason == nil {
                let chunk = group.indices[start..<min(start + Endpoint.segmentMembersPerRequest, group.indices.count)].map { index in
                    let change = changes[index]
                    return BulkRecord(key: change.key, changes: [change])
                }
                let body = "{\"externalId\":" + JSONText.quoted(group.segment.externalId) + ",\"members\":["
                    + chunk.map { RequestBody.user($0.user) }.joined(separator: ",") + "]}"
                if let job = await submit(chunk, group.add ? .addSegmentMembers : .removeSegmentMembers, body: body, ledger: ledger) {
                    watch.add(job)
                }
            }
        }
    }

    /// Finds the segment, creating it when Attentive has none; nil when it exists now, else why not.
    private func ensureExists(_ segment: SegmentRef) async -> String? {
        let found: RequestLoop.Outcome<Never> = await requests.send(.segment(externalId: segment.externalId), body: nil)
        switch found {
        case .answered(.acknowledged, _): return nil
        case .answered(.rejected(404, _), _): break
        case .answered(let response, _): return "cannot look up segment '\(segment.externalId)': \(response.summary)"
        case .settled, .stopped: return "cannot look up segment '\(segment.externalId)': the run is stopping"
        }
        let body = "{\"name\":" + JSONText.quoted(segment.name) + ",\"externalId\":" + JSONText.quoted(segment.externalId) + "}"
        let created: RequestLoop.Outcome<Never> = await requests.send(.createSegment, body: body)
        guard case .answered(.acknowledged, _) = created else {
            if case .answered(let response, _) = created { return "cannot create segment '\(segment.externalId)': \(response.summary)" }
            return "cannot create segment '\(segment.externalId)': the run is stopping"
        }
        logger.info("created segment", metadata: ["externalId": "\(segment.externalId)"])
        return nil
    }
}

extension BulkSubmission.Kind {
    /// The bulk endpoint a submission of this kind goes to.
    var endpoint: Endpoint {
        switch self {
        case .users: .bulkUsers
        case .addSegmentMembers: .addSegmentMembers
        case .removeSegmentMembers: .removeSegmentMembers
        }
    }
}
