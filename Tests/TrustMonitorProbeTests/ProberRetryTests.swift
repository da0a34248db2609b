import Foundation
import Testing
@testable import TrustMonitorTestSupport
import TrustMonitorCore
import TrustMonitorProbe

/// The retry policy executed against real flapping and rate-limiting servers.
@Suite struct ProberRetryTests {
    let prober = Prober()

    func request(_ url: String, retry: RetryPolicy, timeout: Duration = .seconds(5), budget: Duration? = nil) throws
        -> CheckRequest
    {
        CheckRequest(target: try Target.parse(url), timeout: timeout, retry: retry, budget: budget)
    }

    @Test func transientFailureIsRetriedAndEveryAttemptKept() async throws {
        let server = try await TestServer.start { $0.number == 1 ? .respond(status: 503, body: "busy") : .ok("fine") }
        let retry = RetryPolicy(attempts: 3, backoff: .milliseconds(50), maxBackoff: .milliseconds(100))
        let observation = await prober.check(try request(server.url(), retry: retry))
        try await server.shutdown()
        #expect(observation.verdict == .up)
        #expect(observation.attempts.map(\.status) == [503, 200])
        #expect(observation.attempts[0].failure?.code == .http5xx)
        #expect(observation.attempts[0].body?.excerpt == "busy")
        #expect((observation.attempts[0].delayBeforeNextMs ?? 0) >= 25)
        #expect(observation.attempts[1].delayBeforeNextMs == nil)
        #expect(observation.retryStop == nil)
    }

    @Test func lastAttemptIsTheVerdictUnaltered() async throws {
        let server = try await TestServer.start { $0.number == 1 ? .respond(status: 500) : .respond(status: 502) }
        let retry = RetryPolicy(attempts: 2, backoff: .milliseconds(10), maxBackoff: .milliseconds(10))
        let observation = await prober.check(try request(server.url(), retry: retry))
        try await server.shutdown()
        #expect(observation.verdict == .down)
        #expect(observation.status == 502)
        #expect(observation.failure == observation.attempts.last?.failure)
        #expect(observation.phases == observation.attempts.last?.phases)
        #expect(observation.retryStop == "all 2 attempts used")
    }

    @Test func tooManyRequestsHonoursRetryAfter() async throws {
        let server = try await TestServer.start {
            $0.number == 1 ? .respond(status: 429, headers: [("Retry-After", "1")]) : .ok()
        }
        let observation = await prober.check(try request(server.url(), retry: .default))
        try await server.shutdown()
        #expect(observation.verdict == .up)
        #expect(observation.attempts.count == 2)
        #expect(observation.attempts[0].retryAfterMs == 1000)
        #expect(observation.attempts[0].delayBeforeNextMs == 1000)
    }

    @Test func retryAfterBeyondBudgetEndsRetrying() async throws {
        let server = try await TestServer.start(always: .respond(status: 503, headers: [("Retry-After", "120")]))
        let observation = await prober.check(try request(server.url(), retry: .default, budget: .seconds(5)))
        try await server.shutdown()
        #expect(observation.attempts.count == 1)
        #expect(observation.retryStop?.contains("Retry-After of 2m") == true)
        #expect(server.requestCount == 1)
    }

    @Test func permanentFailureIsNotRetried() async throws {
        let server = try await TestServer.start(always: .respond(status: 404))
        let observation = await prober.check(try request(server.url(), retry: .default))
        try await server.shutdown()
        #expect(observation.attempts.count == 1)
        #expect(observation.retryStop == "http_4xx is not retried by the policy")
    }

    @Test func budgetBoundsAllAttempts() async throws {
        let server = try await TestServer.start(always: .hang)
        let retry = RetryPolicy(attempts: 5, backoff: .milliseconds(10), maxBackoff: .milliseconds(10))
        let observation = await prober.check(try request(server.url(), retry: retry, timeout: .seconds(1),
                                                         budget: .milliseconds(2500)))
        try await server.shutdown()
        #expect(observation.attempts.first?.failure?.code == .readTimeout)
        // The last attempt gets what is left of the budget: on a loaded machine that can run out while it is
        // still connecting, which is then what it reports.
        #expect([.readTimeout, .connectTimeout].contains(observation.failure?.code))
        #expect(observation.attempts.count < 5, "the budget, not the attempt count, ended retrying")
        #expect(observation.retryStop != nil)
    }
}
