import AttentiveMock
import Foundation
import Testing

/// The built `attentive-mock` binary, found beside the package's other build products.
private let mockExecutable: URL? = {
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("attentive-mock"),
        packageRoot.appendingPathComponent(".build/debug/attentive-mock"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}()

@Suite("attentive-mock: the executable")
struct MockExecutableTests {
    @Test(.enabled(if: mockExecutable != nil, "attentive-mock has not been built"), .timeLimit(.minutes(1)))
    func printsOneListeningLineServesAndStopsOnSIGTERM() async throws {
        let process = Process()
        process.executableURL = mockExecutable
        process.arguments = ["--port", "0", "--seed", "1", "--api-key", "demo-key"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()

        let reader = output.fileHandleForReading
        let line = await Task.detached { () -> String in
            var data = Data()
            while !data.contains(UInt8(ascii: "\n")) {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                data.append(chunk)
            }
            return String(decoding: data, as: UTF8.self)
        }.value
        let match = try #require(line.wholeMatch(of: /attentive-mock listening on http:\/\/127\.0\.0\.1:(\d+)\/v1\n/))
        let port = try #require(Int(match.1))

        var client = MockTestClient(baseURL: "http://127.0.0.1:\(port)/v1", inspectionURL: "http://127.0.0.1:\(port)/_mock")
        client.apiKey = "demo-key"
        let me = try await client.api("GET", "/me")
        #expect(me.status == 200)
        #expect(me.body?["companyName"] == "Demo Company")

        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        let rest = reader.readDataToEndOfFile()
        #expect(rest.isEmpty, "stdout carries only the listening line")
    }
}
