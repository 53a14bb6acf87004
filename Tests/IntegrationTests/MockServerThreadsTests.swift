import AsyncHTTPClient
import AttentiveMock
import Foundation
import NIOCore
import Testing

/// The fake answers while every thread of Swift's cooperative pool is blocked, as by tests that
/// wait on a process or a database: its tasks run on threads of its own.
@Suite("attentive-mock: its own threads")
struct MockServerThreadsTests {
    @Test(arguments: [Duration.zero, .milliseconds(200)])
    func theServerAnswersWhileThePoolIsBlocked(latency: Duration) async throws {
        let configuration = MockConfiguration(latency: latency)
        let status = try await AttentiveMockServer.withRunning(configuration: configuration) { (server: RunningMockServer) async throws -> UInt in
            try await Self.answerWithThePoolBlocked(url: server.baseURL + "/me")
        }
        #expect(status == 200)
    }

    /// The status of a GET of `url` sent before every pool thread is blocked for longer than its deadline.
    static func answerWithThePoolBlocked(url: String) async throws -> UInt {
        var request = try HTTPClient.Request(url: url, method: .GET)
        request.headers.add(name: "Authorization", value: "Bearer test-key")
        // Sent now, on the client's event loop: not a task of the pool's.
        let answer = HTTPClient.shared.execute(request: request, deadline: NIODeadline.now() + .seconds(2))
        var blockers: [Task<Void, Never>] = []
        for _ in 0...ProcessInfo.processInfo.activeProcessorCount {
            blockers.append(Task { usleep(4_000_000) })
        }
        let response = try await answer.get()
        for blocker in blockers { await blocker.value }
        return response.status.code
    }
}
