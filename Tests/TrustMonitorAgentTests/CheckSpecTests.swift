import Foundation
import Testing
import TrustMonitorAgentProtocol
import TrustMonitorCore

/// A check survives the trip to a remote agent (request → spec → JSON → spec → request) unchanged, and a
/// spec the agent cannot rebuild is refused with a reason, never half-run.
@Suite struct CheckSpecTests {
    static func fullRequest() throws -> CheckRequest {
        CheckRequest(
            target: try Target.parse("https://api.example.com:8443/health?deep=1"),
            method: "POST",
            headers: [HeaderField(name: "Authorization", value: "Bearer x"), HeaderField(name: "X-Trace", value: "1")],
            body: Array(#"{"ping": "ü"}"#.utf8),
            timeout: .milliseconds(2500),
            conditions: try ["[STATUS] == 200", "[BODY].status == ok", "len([BODY].items) > 0",
                             "[RESPONSE_TIME] < 800", "[HEADER].content-type == pat(application/json*)"]
                .map { text throws(ConditionParseError) in try Condition.parse(text) },
            retry: RetryPolicy(attempts: 3, backoff: .milliseconds(200), maxBackoff: .seconds(2),
                               retryOn: [.connectTimeout, .http5xx, .readTimeout]),
            budget: .seconds(9), maxRedirects: 3, maxBodyBytes: 65_536)
    }

    /// Through JSON, as on the wire.
    static func travel(_ spec: CheckSpec) throws -> CheckSpec {
        try JSONCoding.decoder().decode(CheckSpec.self, from: JSONCoding.encoder().encode(spec))
    }

    @Test func fullRequestRoundTrips() throws {
        let original = try Self.fullRequest()
        let spec = try #require(CheckSpec(original))
        let travelled = try Self.travel(spec)
        #expect(travelled == spec)
        let rebuilt = try travelled.request()
        #expect(rebuilt.target == original.target)
        #expect(rebuilt.method == original.method)
        #expect(rebuilt.headers == original.headers)
        #expect(rebuilt.body == original.body)
        #expect(rebuilt.timeout == original.timeout)
        #expect(rebuilt.conditions.map(\.source) == original.conditions.map(\.source))
        #expect(rebuilt.retry == original.retry)
        #expect(rebuilt.budget == original.budget)
        #expect(rebuilt.maxRedirects == original.maxRedirects)
        #expect(rebuilt.maxBodyBytes == original.maxBodyBytes)
        #expect(rebuilt.caFile == nil)
        // And again: the rebuilt request makes the same spec.
        #expect(CheckSpec(rebuilt) == spec)
    }

    @Test func defaultsRoundTrip() throws {
        let original = CheckRequest(target: try Target.parse("http://example.com"))
        let rebuilt = try Self.travel(try #require(CheckSpec(original))).request()
        #expect(rebuilt.target == original.target)
        #expect(rebuilt.body == nil)
        #expect(rebuilt.retry == .default)
        #expect(rebuilt.retry.retryOn == nil)
        #expect(rebuilt.budget == nil)
        #expect(rebuilt.effectiveBudget == original.effectiveBudget)
    }

    @Test func requestsThatCannotTravelHaveNoSpec() throws {
        let target = try Target.parse("https://internal.example/")
        #expect(CheckSpec(CheckRequest(target: target, caFile: "/etc/private-ca.pem")) == nil)
        #expect(CheckSpec(CheckRequest(target: target, body: [0xff, 0xfe, 0x00])) == nil)
    }

    /// Each row breaks one part of a good spec; the message says which.
    @Test(arguments: [
        ("url", { @Sendable (spec: inout CheckSpec) in spec.url = "ftp://example.com/" }),
        ("url", { @Sendable (spec: inout CheckSpec) in spec.url = "not a url" }),
        ("condition", { @Sendable (spec: inout CheckSpec) in spec.conditions.append("[STATUS] ~~ 200") }),
        ("condition", { @Sendable (spec: inout CheckSpec) in spec.conditions.append("[NOPE] == 1") }),
        ("retry.on", { @Sendable (spec: inout CheckSpec) in spec.retry.on = ["http_5xx", "sunspots"] }),
        ("positive", { @Sendable (spec: inout CheckSpec) in spec.timeoutMs = 0 }),
        ("positive", { @Sendable (spec: inout CheckSpec) in spec.retry.attempts = 0 }),
        ("positive", { @Sendable (spec: inout CheckSpec) in spec.retry.backoffMs = -1 }),
        ("positive", { @Sendable (spec: inout CheckSpec) in spec.retry.maxBackoffMs = -5 }),
        ("positive", { @Sendable (spec: inout CheckSpec) in spec.maxRedirects = -1 }),
        ("positive", { @Sendable (spec: inout CheckSpec) in spec.maxBody = 0 }),
        ("positive", { @Sendable (spec: inout CheckSpec) in spec.budgetMs = 0 }),
    ] as [(String, @Sendable (inout CheckSpec) -> Void)])
    func badSpecIsRefused(part: String, breakIt: @Sendable (inout CheckSpec) -> Void) throws {
        var spec = try #require(CheckSpec(try Self.fullRequest()))
        breakIt(&spec)
        let error = #expect(throws: AgentProtocolError.self) { try Self.travel(spec).request() }
        #expect(error?.message.contains(part) == true, "\(error?.message ?? "no error")")
    }
}
