import Foundation
import Testing
@testable import TrustMonitorTestSupport

/// `trustmonitor check`: exit statuses, the person-readable output and the JSON observation.
@Suite struct CheckCommandTests {
    @Test func upIsExitZeroWithVerdictPhasesAndConditions() async throws {
        let server = try await TestServer.start(always: .ok("{\"status\":\"ok\",\"items\":[1,2]}"))
        let result = await run(["check", server.url("/health"), "--condition", "[STATUS] == 200",
                                "--condition", "len([BODY].items) > 0"])
        try await server.shutdown()
        #expect(result.status == 0)
        let text = result.output.stdout
        #expect(text.hasPrefix("UP  GET \(server.url("/health"))"))
        #expect(text.contains("phases      dns "))
        #expect(text.contains("✓ len([BODY].items) > 0"))
        #expect(text.contains("actual: 2"))
        #expect(text.contains("#1  "))
    }

    @Test func downIsExitOneWithFailureCode() async throws {
        let server = try await TestServer.start(always: .respond(status: 503, body: "maintenance"))
        let result = await run(["check", server.url(), "--retry-attempts", "1"])
        try await server.shutdown()
        #expect(result.status == 1)
        #expect(result.output.stdout.contains("failure     http_5xx (application): HTTP 503"))
    }

    @Test func jsonIsTheObservationWithStableNames() async throws {
        let server = try await TestServer.start { $0.number == 1 ? .respond(status: 502) : .ok("fine") }
        let result = await run(["check", server.url(), "--json", "--retry-backoff", "10ms"])
        try await server.shutdown()
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.stdout.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "up")
        #expect(object["status"] as? Int == 200)
        let phases = try #require(object["phases"] as? [String: Any])
        #expect(phases["total_ms"] is Double)
        #expect(phases["connect_ms"] is Double)
        let attempts = try #require(object["attempts"] as? [[String: Any]])
        #expect(attempts.count == 2)
        let first = try #require(attempts.first?["failure"] as? [String: Any])
        #expect(first["code"] as? String == "http_5xx")
        #expect(first["layer"] as? String == "application")
        let started = try #require(object["started_at"] as? String)
        #expect(started.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#, options: .regularExpression) != nil)
    }

    @Test(arguments: [
        (["check", "http://x/", "--condition", "[STAUS] == 200"], "at character 1: unknown placeholder [STAUS]"),
        (["check", "http://x/", "--condition", "[STATUS] = 200"], "invalid condition"),
        (["check", "example.com"], "missing scheme"),
        (["check", "http://x/", "--timeout", "5"], "missing unit"),
        (["check", "http://x/", "--retry-on", "http_5xx,bogus"], "unknown failure code 'bogus'"),
        (["check", "http://x/", "--header", "NoColon"], "expected 'Name: value'"),
        (["check", "http://x/", "--retry-attempts", "0"], "--retry-attempts must be 1 to 20"),
        (["check", "http://x/", "--ca-file", "/nonexistent/ca.pem"], "cannot read --ca-file"),
        (["check", "http://x/", "--dns-server", "not-an-ip"], "not-an-ip"),
        (["check", "http://x/", "--bogus"], "Unknown option '--bogus'"),
        (["check"], "Missing expected argument"),
        (["frobnicate"], "Unexpected argument"),
    ])
    func badInputIsExitTwoWithAClearMessage(arguments: [String], message: String) async {
        let result = await run(arguments)
        #expect(result.status == 2)
        #expect(result.output.stderr.contains(message), "stderr was: \(result.output.stderr)")
        #expect(result.output.stdout.isEmpty)
    }

    @Test func helpIsExitZero() async {
        let result = await run(["check", "--help"])
        #expect(result.status == 0)
        #expect(result.output.stdout.contains("--condition"))
    }
}

@Suite struct HelpTests {
    @Test(arguments: [["help", "check"], ["bench"], ["--help"]])
    func helpFormsAreExitZero(arguments: [String]) async {
        let result = await run(arguments)
        #expect(result.status == 0)
        #expect(result.output.stdout.contains("USAGE") || result.output.stdout.contains("OVERVIEW"))
    }
}
