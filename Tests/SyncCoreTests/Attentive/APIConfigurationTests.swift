import Testing
@testable import SyncCore

@Suite struct APIConfigurationTests {
    @Test func loopbackIsAnIPLiteralIn127Slash8OrOneOrLocalhost() {
        for host in ["127.0.0.1", "127.1.2.3", "127.255.255.254", "::1", "[::1]", "0:0:0:0:0:0:0:1", "localhost", "LOCALHOST"] {
            #expect(APIConfiguration.isLoopback(host), "\(host)")
        }
        for host in ["127.evil.example", "127.0.0.1.nip.io", "localhost.evil.example", "127.1", "0x7f.0.0.1", "128.0.0.1",
                     "::2", "::ffff:127.0.0.1x", "evil.example"] {
            #expect(!APIConfiguration.isLoopback(host), "\(host)")
        }
    }

    @Test func plainHTTPToANameThatLooksLikeLoopbackIsRefused() {
        for url in ["http://127.evil.example/v1", "http://127.0.0.1.nip.io/v1"] {
            #expect(throws: ConfigurationError.self) { try APIConfiguration(baseURL: url, apiKey: "k") }
        }
        #expect((try? APIConfiguration(baseURL: "http://127.0.0.1:8080/v1", apiKey: "k")) != nil)
    }

    @Test func aMalformedKeyIsRefusedWithoutShowingIt() {
        for key in ["sk_live_ABCDEF\nsecond-line", "sk_live_ABCDEF\r", "sk_live ABCDEF", "sk_live_ABCDEF\u{7}", "sk_live_ÄBCDEF"] {
            do {
                _ = try APIConfiguration(baseURL: APIConfiguration.defaultBaseURL, apiKey: key)
                Issue.record("accepted \(key.debugDescription)")
            } catch {
                #expect(error.description.contains("the key is not shown"))
                #expect(!error.description.contains("ABCDEF"))
            }
        }
    }
}
