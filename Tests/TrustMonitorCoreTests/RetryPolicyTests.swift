import Testing
import TrustMonitorCore

/// A repeatable generator so jitter is known in tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct RetryPolicyTests {
    static let transient: [FailureCode] = [.dnsFailure, .connectRefused, .connectTimeout, .tlsHandshakeFailed,
                                           .readTimeout, .connectionReset, .http5xx]

    @Test(arguments: FailureCode.allCases)
    func defaultPolicyRetriesOnlyTransientCodes(code: FailureCode) {
        let retried = RetryPolicy.default.retries(Failure(code, "x"), status: code == .http4xx ? 404 : nil)
        #expect(retried == Self.transient.contains(code))
    }

    @Test func defaultRetries429ButNot404() {
        #expect(RetryPolicy.default.retries(Failure(.http4xx, "x"), status: 429))
        #expect(!RetryPolicy.default.retries(Failure(.http4xx, "x"), status: 404))
    }

    @Test func explicitListReplacesDefaults() {
        let policy = RetryPolicy(attempts: 3, backoff: .milliseconds(100), maxBackoff: .seconds(1),
                                 retryOn: [.conditionFailed])
        #expect(policy.retries(Failure(.conditionFailed, "x"), status: 200))
        #expect(!policy.retries(Failure(.connectTimeout, "x"), status: nil))
    }

    @Test func stopsWhenAttemptsAreUsed() {
        var random = SeededGenerator(state: 1)
        let decision = RetryPolicy.default.nextStep(
            afterAttempt: 2, failure: Failure(.http5xx, "x"), status: 500, retryAfter: nil,
            remaining: .seconds(60), random: &random)
        #expect(decision == .stop(reason: "all 2 attempts used"))
    }

    @Test func stopsForCodesNotRetried() {
        var random = SeededGenerator(state: 1)
        let decision = RetryPolicy.default.nextStep(
            afterAttempt: 1, failure: Failure(.certificateExpired, "x"), status: nil, retryAfter: nil,
            remaining: .seconds(60), random: &random)
        #expect(decision == .stop(reason: "certificate_expired is not retried by the policy"))
    }

    @Test(arguments: 1...6)
    func backoffDoublesWithEqualJitterAndCap(attempt: Int) {
        let policy = RetryPolicy(attempts: 10, backoff: .milliseconds(100), maxBackoff: .milliseconds(1000))
        let step = min(Duration.milliseconds(100) * (1 << (attempt - 1)), .milliseconds(1000))
        for seed in 0..<50 {
            var random = SeededGenerator(state: UInt64(seed))
            let decision = policy.nextStep(afterAttempt: attempt, failure: Failure(.connectTimeout, "x"),
                                           status: nil, retryAfter: nil, remaining: .seconds(60), random: &random)
            guard case .retry(let delay) = decision else {
                Issue.record("expected a retry, got \(decision)")
                return
            }
            #expect(delay >= step / 2)
            #expect(delay <= step)
        }
    }

    @Test func retryAfterReplacesBackoffFor429And503() {
        var random = SeededGenerator(state: 3)
        for status in [429, 503] {
            let code: FailureCode = status == 429 ? .http4xx : .http5xx
            let decision = RetryPolicy.default.nextStep(
                afterAttempt: 1, failure: Failure(code, "x"), status: status, retryAfter: .seconds(2),
                remaining: .seconds(10), random: &random)
            #expect(decision == .retry(after: .seconds(2)))
        }
    }

    @Test func retryAfterBeyondBudgetEndsRetrying() {
        var random = SeededGenerator(state: 3)
        let decision = RetryPolicy.default.nextStep(
            afterAttempt: 1, failure: Failure(.http5xx, "x"), status: 503, retryAfter: .seconds(30),
            remaining: .seconds(8), random: &random)
        #expect(decision == .stop(reason: "Retry-After of 30s is beyond the remaining budget of 8s"))
    }

    @Test func backoffBeyondBudgetEndsRetrying() {
        var random = SeededGenerator(state: 3)
        let policy = RetryPolicy(attempts: 3, backoff: .seconds(4), maxBackoff: .seconds(4))
        let decision = policy.nextStep(afterAttempt: 1, failure: Failure(.readTimeout, "x"), status: nil,
                                       retryAfter: nil, remaining: .seconds(1), random: &random)
        guard case .stop(let reason) = decision else {
            Issue.record("expected stop, got \(decision)")
            return
        }
        #expect(reason.contains("exceed the remaining budget"))
    }

    @Test func budgetDefaultsToAllAttemptsAndWaits() throws {
        let request = CheckRequest(target: try Target.parse("http://a.example/"), timeout: .seconds(5),
                                   retry: RetryPolicy(attempts: 3, backoff: .milliseconds(500), maxBackoff: .seconds(2)))
        #expect(request.effectiveBudget == .seconds(19))
    }
}
