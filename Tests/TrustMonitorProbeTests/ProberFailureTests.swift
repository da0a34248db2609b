import Foundation
import Testing
@testable import TrustMonitorTestSupport
import TrustMonitorCore
import TrustMonitorProbe

/// One test (at least) per failure code, each against a real server on loopback.
@Suite struct ProberFailureTests {
    let prober = Prober()

    func check(_ url: String, timeout: Duration = .seconds(5), conditions: [String] = [],
               retry: RetryPolicy = .never, maxRedirects: Int = 10, caFile: String? = nil) async throws -> Observation {
        let request = CheckRequest(
            target: try Target.parse(url), timeout: timeout,
            conditions: try conditions.map { try Condition.parse($0) }, retry: retry,
            maxRedirects: maxRedirects, caFile: caFile)
        return await prober.check(request)
    }

    @Test func healthyServerIsUp() async throws {
        let server = try await TestServer.start(always: .ok("{\"status\":\"ok\"}"))
        let observation = try await check(server.url("/health"), conditions: ["[STATUS] == 200", "[BODY].status == ok"])
        try await server.shutdown()
        #expect(observation.verdict == .up)
        #expect(observation.failure == nil)
        #expect(observation.status == 200)
        #expect(observation.conditions.map(\.success) == [true, true])
        #expect(observation.phases.connect != nil && observation.phases.ttfb != nil && observation.phases.total != nil)
        #expect(observation.attempts.count == 1)
        #expect(server.receivedRequests.first?.uri == "/health")
        #expect(server.receivedRequests.first?.header("Host") == "127.0.0.1:\(server.port)")
    }

    @Test func closedPortIsConnectRefused() async throws {
        let port = try await TestServer.closedPort()
        let observation = try await check("http://127.0.0.1:\(port)/")
        #expect(observation.failure?.code == .connectRefused)
        #expect(observation.failure?.layer == .transport)
    }

    @Test func fullBacklogIsConnectTimeout() async throws {
        let listener = try UnresponsiveListener()
        let observation = try await check("http://127.0.0.1:\(listener.port)/", timeout: .milliseconds(400))
        #expect(observation.failure?.code == .connectTimeout)
        withExtendedLifetime(listener) {}
    }

    @Test func hangingServerIsReadTimeout() async throws {
        let server = try await TestServer.start(always: .hang)
        let observation = try await check(server.url(), timeout: .seconds(2))
        try await server.shutdown()
        #expect(observation.failure?.code == .readTimeout)
        #expect(observation.phases.connect != nil)
    }

    @Test func resetMidResponseIsConnectionReset() async throws {
        let server = try await TestServer.start(always: .resetMidResponse)
        let observation = try await check(server.url())
        try await server.shutdown()
        #expect(observation.failure?.code == .connectionReset)
    }

    @Test func closeWithoutResponseIsConnectionReset() async throws {
        let server = try await TestServer.start(always: .closeWithoutResponse)
        let observation = try await check(server.url())
        try await server.shutdown()
        #expect(observation.failure?.code == .connectionReset)
        #expect(observation.failure?.message.contains("before a response") == true)
    }

    @Test func garbageIsProtocolError() async throws {
        let server = try await TestServer.start(always: .garbage(Array("SSH-2.0-OpenSSH_9.2\r\n".utf8)))
        let observation = try await check(server.url())
        try await server.shutdown()
        #expect(observation.failure?.code == .protocolError)
    }

    @Test(arguments: [(404, FailureCode.http4xx), (500, .http5xx), (418, .http4xx), (204, nil), (302, .unexpectedStatus)])
    func statusCodesAreNamed(status: Int, expected: FailureCode?) async throws {
        let server = try await TestServer.start(always: .respond(status: status))
        let observation = try await check(server.url(), maxRedirects: 0)
        try await server.shutdown()
        #expect(observation.failure?.code == expected)
        #expect(observation.status == status)
        if let expected { #expect(observation.failure?.layer == expected.layer) }
    }

    @Test func expectedStatusConditionReplacesDefault() async throws {
        let server = try await TestServer.start(always: .respond(status: 404))
        let observation = try await check(server.url(), conditions: ["[STATUS] == 404"])
        try await server.shutdown()
        #expect(observation.verdict == .up)
    }

    @Test func wrongBodyIsConditionFailed() async throws {
        let server = try await TestServer.start(always: .ok("{\"status\":\"degraded\"}"))
        let observation = try await check(server.url(), conditions: ["[STATUS] == 200", "[BODY].status == ok"],
                                          retry: .default)
        try await server.shutdown()
        #expect(observation.failure?.code == .conditionFailed)
        #expect(observation.failure?.message.contains("[BODY].status == ok") == true)
        #expect(observation.conditions.last?.actual == "degraded")
        #expect(observation.attempts.count == 1, "condition_failed is not retried by default")
        #expect(server.requestCount == 1)
    }

    @Test func redirectLoopIsAFailure() async throws {
        let server = try await TestServer.start { request in
            .redirect(to: request.uri == "/a" ? "/b" : "/a")
        }
        let observation = try await check(server.url("/a"))
        try await server.shutdown()
        #expect(observation.failure?.code == .unexpectedStatus)
        #expect(observation.failure?.message.contains("redirect loop") == true)
        #expect(observation.attempts[0].redirects.count == 2)
    }

    @Test func tooManyRedirectsIsAFailure() async throws {
        let server = try await TestServer.start { request in
            .redirect(to: "/r\(request.number)")
        }
        let observation = try await check(server.url("/start"), maxRedirects: 3)
        try await server.shutdown()
        #expect(observation.failure?.code == .unexpectedStatus)
        #expect(observation.failure?.message == "more than 3 redirects")
    }

    @Test func redirectsAreFollowedAndRecorded() async throws {
        let server = try await TestServer.start { request in
            request.uri == "/old" ? .redirect(to: "/new", status: 301) : .ok("moved here")
        }
        let observation = try await check(server.url("/old"))
        try await server.shutdown()
        #expect(observation.verdict == .up)
        #expect(observation.attempts[0].redirects == [RedirectHop(url: server.url("/old"), status: 301, location: "/new")])
        #expect(observation.attempts[0].url == server.url("/new"))
    }

    @Test func tcpTargetsConnectOnly() async throws {
        let server = try await TestServer.start(always: .hang)
        let up = try await check("tcp://127.0.0.1:\(server.port)")
        try await server.shutdown()
        let port = try await TestServer.closedPort()
        let down = try await check("tcp://127.0.0.1:\(port)")
        #expect(up.verdict == .up)
        #expect(up.status == nil)
        #expect(down.failure?.code == .connectRefused)
    }
}
