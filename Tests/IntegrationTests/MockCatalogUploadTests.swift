import AsyncHTTPClient
import AttentiveMock
import Foundation
import NIOCore
import Testing

@Suite("attentive-mock: product catalog uploads")
struct MockCatalogUploadTests {
    private static let file = """
        {"id": "p1", "name": "Mug", "link": "https://shop.example/p1", "variants": [{"id": "v1", "name": "Blue"}]}
        {"id": "p2", "name": "Hat", "link": "ftp://shop.example/p2"}

        not json
        {"id": "p4", "name": "Scarf", "categories": ["a"]}
        """

    @Test func uploadThenPollThroughTheWorkflow() async throws {
        try await withMock { client in
            let created = try await client.api("POST", "/product-catalog/uploads", body: ["validateOnly": false])
            #expect(created.status == 200)
            #expect(created.headers["x-ratelimit-limit"] == "1")
            let id = try #require(created.body?["uploadId"]?.stringValue)
            let url = try #require(created.body?["uploadUrl"]?.stringValue)
            #expect(url == client.inspectionURL + "/catalog-uploads/" + id)
            #expect(created.body?["status"] == "initialized")

            // Not sent yet: polling stays put.
            #expect(try await client.api("GET", "/product-catalog/uploads/\(id)").body?["status"] == "initialized")

            #expect(try await client.upload(Self.file, to: url).status == 200)
            #expect(try await client.upload(Self.file, to: url).status == 409)

            var statuses: [JSONValue?] = []
            var last: MockReply?
            for _ in 0..<4 {
                let polled = try await client.api("GET", "/product-catalog/uploads/\(id)")
                statuses.append(polled.body?["status"])
                last = polled
            }
            #expect(statuses == ["validating", "validated", "completed", "completed"])
            #expect(last?.body?["productsReceived"] == 4)
            #expect(last?.body?["productsProcessed"] == 2)
            #expect(last?.body?["errors"] == [
                ["errorType": "INVALID_LINK", "errorMessage": "link must be an http(s) URL", "lineNum": 2],
                ["errorType": "INVALID_JSON", "errorMessage": "line is not a JSON object", "lineNum": 4],
            ])

            let listed = try await client.api("GET", "/product-catalog/uploads")
            #expect(listed.body?.arrayValue?.map { $0["uploadId"] } == [.string(id)])
            #expect(try await client.api("GET", "/product-catalog/uploads/nope").status == 404)
        }
    }

    @Test func validateOnlyStopsAtValidated() async throws {
        try await withMock(MockConfiguration(rateScale: 10)) { client in
            let created = try await client.api("POST", "/product-catalog/uploads", body: ["validateOnly": true])
            let id = try #require(created.body?["uploadId"]?.stringValue)
            _ = try await client.upload(#"{"id": "p1", "name": "Mug"}"#, to: try #require(created.body?["uploadUrl"]?.stringValue))
            var statuses: [JSONValue?] = []
            for _ in 0..<3 {
                statuses.append(try await client.api("GET", "/product-catalog/uploads/\(id)").body?["status"])
            }
            #expect(statuses == ["validating", "validated", "validated"])
        }
    }

    @Test func rejectedProductIDsFailAndUploadsCanBeInspected() async throws {
        try await withMock(MockConfiguration(rateScale: 10, rejectedProductIDs: ["p2"])) { client in
            let created = try await client.api("POST", "/product-catalog/uploads", body: ["validateOnly": false])
            let id = try #require(created.body?["uploadId"]?.stringValue)
            let file = #"{"id": "p1", "name": "Mug"}"# + "\n" + #"{"id": "p2", "name": "Hat"}"#
            _ = try await client.upload(file, to: try #require(created.body?["uploadUrl"]?.stringValue))
            for _ in 0..<3 { _ = try await client.api("GET", "/product-catalog/uploads/\(id)") }
            let inspected = try #require(try await client.inspect("/catalog")?.arrayValue?.first)
            #expect(inspected["status"] == "completed")
            #expect(inspected["products"]?.arrayValue?.map { $0["id"] } == ["p1", "p2"])
            #expect(inspected["errors"] == [[
                "errorType": "REJECTED_PRODUCT", "errorMessage": "product p2 was rejected (attentive-mock --reject-product-id)", "lineNum": 2,
            ]])
        }
    }

    @Test func anUploadURLRefusesASecondAuthorization() async throws {
        try await withMock { client in
            let created = try await client.api("POST", "/product-catalog/uploads", body: ["validateOnly": true])
            var request = HTTPClientRequest(url: try #require(created.body?["uploadUrl"]?.stringValue))
            request.method = .PUT
            request.headers.add(name: "Authorization", value: "Bearer test-key")
            request.body = .bytes(ByteBuffer(string: #"{"id": "p1", "name": "Mug"}"#))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            #expect(response.status.code == 400)
        }
    }

    @Test func fieldLimits() {
        let long = String(repeating: "x", count: 257)
        let product: JSONValue = [
            "id": .string(long),
            "description": .string(String(repeating: "d", count: 1025)),
            "categories": .array(Array(repeating: "c", count: 11)),
            "attributes": .object([String(repeating: "a", count: 65): "v"]),
        ]
        let report = CatalogFileValidator.validate(Data(product.jsonText.utf8))
        #expect(report.productsReceived == 1)
        #expect(report.productsProcessed == 0)
        #expect(report.errors.map(\.errorMessage) == [
            "id is longer than 256 characters",
            "name is required",
            "description is longer than 1024 characters",
            "categories has 11 entries, at most 10 are allowed",
            "attributes name 'aaaaaaaaaaaaaaaaaaaa…' is longer than 64 characters",
        ])
    }

    @Test func errorsAreCappedAtTenPerType() {
        let file = Array(repeating: "{}", count: 25).joined(separator: "\n")
        let report = CatalogFileValidator.validate(Data(file.utf8))
        #expect(report.productsReceived == 25)
        #expect(report.errors.count == 10)
        #expect(Set(report.errors.map(\.errorType)) == ["MISSING_FIELD"])
    }
}
