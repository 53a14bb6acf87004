import AsyncHTTPClient
import AttentiveMock
import Foundation
import Testing

@Suite("attentive-mock: v2 bulk jobs and segments")
struct MockBulkTests {
    /// The client on the v2 base, `http://127.0.0.1:PORT/v2`.
    func v2(_ client: MockTestClient) -> MockTestClient {
        MockTestClient(baseURL: String(client.baseURL.dropLast(3)) + "/v2", inspectionURL: client.inspectionURL)
    }

    /// A completed job's results file, fetched with or without the API key.
    func results(_ url: String, withKey: Bool = false) async throws -> (status: Int, lines: [JSONValue]) {
        var request = HTTPClientRequest(url: url)
        if withKey { request.headers.add(name: "Authorization", value: "Bearer test-key") }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        let lines = response.status.code == 200 ? try text.split(separator: "\n").map { try JSONValue(parsing: Data($0.utf8)) } : []
        return (Int(response.status.code), lines)
    }

    @Test func aUsersJobRunsEachRecordOnItsOwnAfterItsSecondLook() async throws {
        try await withMock { client in
            let api = v2(client)
            let submitted = try await api.api("POST", "/bulk/user/attributes", json: """
                {"users": [
                  {"identifiers": {"phone": "+12127365000", "email": "a@example.com", "clientUserId": "C0", "customIdentifiers": [{"key": "loyaltyId", "value": "L0"}]},
                   "attributes": {"custom": {"Tier": "Gold"}},
                   "subscriptions": [{"signUpSourceId": "100", "channel": "TEXT", "subscriptionType": "MARKETING"}]},
                  {"identifiers": {"phone": "2127365001"}, "attributes": {"custom": {"Tier": "Silver"}}},
                  {"identifiers": {"email": "c@example.com"}, "attributes": {"custom": {"Tags": ["x"]}}}
                ]}
                """)
            #expect(submitted.status == 202)
            #expect(submitted.headers["x-ratelimit-limit"] == "100")
            let id = try #require(submitted.body?["batchJobId"]?.stringValue)
            // Nothing happens before the job runs.
            #expect(try await client.inspect("/attributes") == [:])

            let first = try await api.api("GET", "/bulk/job/\(id)")
            #expect(first.body?["status"] == "IN_PROGRESS")
            #expect(first.body?["url"] == nil)
            let second = try await api.api("GET", "/bulk/job/\(id)")
            #expect(second.body?["status"] == "COMPLETED")
            #expect(second.body?["totalRecords"] == 3)
            let url = try #require(second.body?["url"]?.stringValue)

            #expect(try await results(url, withKey: true).status == 400)
            let file = try await results(url)
            #expect(file.status == 200)
            #expect(file.lines.map { $0["response"]?["statusCode"] } == [200, 400, 400])
            #expect(file.lines[1]["response"]?["message"] == "identifiers.phone must be an E.164 number such as +13115552368")
            #expect(file.lines[2]["request"]?["identifiers"]?["email"] == "c@example.com")
            #expect(try await client.inspect("/attributes") == ["+12127365000": ["Tier": "Gold"]])
            #expect(try await client.inspect("/subscriptions")?.arrayValue?.first?["type"] == "MARKETING")
            #expect(try await client.inspect("/identities") == [["phone": "+12127365000", "email": "a@example.com", "clientUserId": "C0", "custom:loyaltyId": "L0"]])
            #expect(try await api.api("GET", "/bulk/job/mock-job-9").status == 404)
        }
    }

    @Test func aBodyOutsideTheSchemaIsRefusedWhole() async throws {
        try await withMock { client in
            let api = v2(client)
            let empty = try await api.api("POST", "/bulk/user/attributes", json: #"{"users": []}"#)
            #expect(empty.status == 400)
            let tooMany = "{\"users\": [" + Array(repeating: #"{"identifiers": {"email": "a@example.com"}}"#, count: 257).joined(separator: ",") + "]}"
            #expect(try await api.api("POST", "/bulk/user/attributes", json: tooMany).status == 400)
            #expect(try await client.stats()["schemaViolations"] == 2)
        }
    }

    @Test func segmentsAreCreatedOnceAndTheirMembersAddedAndRemovedInJobs() async throws {
        try await withMock(MockConfiguration(bulkJobPolls: 1)) { client in
            let api = v2(client)
            let missing = try await api.api("GET", "/segments/external/vip")
            #expect(missing.status == 404)
            #expect(try await api.api("POST", "/bulk/segments/members", json: #"{"externalId": "vip", "members": [{"phone": "+12127365000"}]}"#).status == 404)
            let created = try await api.api("POST", "/segments", json: #"{"name": "VIPs", "externalId": "vip"}"#)
            #expect(created.status == 201)
            #expect(created.body?["externalId"] == "vip")
            #expect(try await api.api("POST", "/segments", json: #"{"name": "VIPs again", "externalId": "vip"}"#).status == 400)
            #expect(try await api.api("GET", "/segments/external/vip").body?["name"] == "VIPs")
            #expect(try await api.api("GET", "/segments?externalId=vip").body?["segments"]?.arrayValue?.count == 1)

            let add = try await api.api("POST", "/bulk/segments/members", json: #"{"externalId": "vip", "members": [{"phone": "+12127365000"}, {"email": "b@example.com"}, {"phone": "12"}]}"#)
            let addID = try #require(add.body?["batchJobId"]?.stringValue)
            #expect(try await api.api("GET", "/bulk/job/\(addID)").body?["status"] == "COMPLETED")
            let remove = try await api.api("DELETE", "/bulk/segments/members", json: #"{"externalId": "vip", "members": [{"email": "b@example.com"}, {"email": "never@example.com"}]}"#)
            let removeID = try #require(remove.body?["batchJobId"]?.stringValue)
            #expect(try await api.api("GET", "/bulk/job/\(removeID)").body?["status"] == "COMPLETED")

            let segments = try #require(try await client.inspect("/segments")?.arrayValue)
            #expect(segments.first?["members"] == ["+12127365000"])
            #expect(try await client.stats()["removalsOfNonMembers"] == 1)
            let jobs = try #require(try await client.inspect("/jobs")?.arrayValue)
            #expect(jobs.map { $0["kind"] } == ["addSegmentMembers", "removeSegmentMembers"])
            #expect(jobs.map { $0["failed"] } == [1, 0])
        }
    }
}
