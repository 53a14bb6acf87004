/// `POST /v2/segments {name, description?, externalId?}`: creates an empty segment; 201
/// `CreateSegmentResponse`, 400 when the external id is taken.
struct CreateSegmentEndpoint: MockEndpoint {
    let operationID = "createSegment"

    func respond(to call: EndpointCall, store: MockStore) async -> EndpointReply {
        let name = call.body?["name"]?.stringValue ?? ""
        guard !name.allSatisfy(\.isWhitespace) else { return .refused(RuleViolation("name must not be blank")) }
        let externalId = call.body?["externalId"]?.stringValue ?? "SEG_" + String(name.lowercased().filter { $0.isLetter || $0.isNumber })
        guard let segment = await store.createSegment(externalId: externalId, name: name, description: call.body?["description"]?.stringValue) else {
            return .refused(RuleViolation("a segment with externalId '\(externalId)' already exists"))
        }
        return .success(201, ["externalId": .string(segment.externalId), "name": .string(segment.name),
                              "description": .string(segment.description)])
    }
}

/// `GET /v2/segments/external/{externalId}`: one segment (`SegmentResponse`), or 404.
struct SegmentByExternalIdEndpoint: MockEndpoint {
    let operationID = "getSegmentByExternalId"

    func respond(to call: EndpointCall, store: MockStore) async -> EndpointReply {
        let externalId = call.pathParameters["externalId"] ?? ""
        guard let segment = await store.segment(externalId: externalId) else {
            return .notFound("no segment with externalId '\(externalId)'")
        }
        return .success(200, segment.json)
    }
}

/// `GET /v2/segments[?externalId=…&name=…]`: the matching segments, in one page.
struct ListSegmentsEndpoint: MockEndpoint {
    let operationID = "listSegments"

    func respond(to call: EndpointCall, store: MockStore) async -> EndpointReply {
        let matching = await store.segments.filter { segment in
            (call.query["externalId"].map { $0 == segment.externalId } ?? true)
                && (call.query["name"].map { segment.name.contains($0) } ?? true)
        }
        return .success(200, ["segments": .array(matching.map(\.json)), "hasMore": false])
    }
}
