import Foundation
import Testing
import TrustMonitorCore

/// A random source that always gives the same value: the jitter's bounds are checked at both ends.
struct FixedGenerator: RandomNumberGenerator {
    let value: UInt64
    mutating func next() -> UInt64 { value }
}

/// When undelivered alerts are tried again, as plain values.
@Suite struct DeliveryPolicyTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let policy = DeliveryPolicy.default

    /// After n failed attempts the wait is between half and all of 2 s * 2^(n-1), capped at 10 min.
    @Test(arguments: [(1, 2.0), (2, 4.0), (3, 8.0), (5, 32.0), (9, 512.0), (10, 600.0), (20, 600.0), (64, 600.0)])
    func backoffDoublesUpToItsCeiling(attempts: Int, step: Double) {
        var low = FixedGenerator(value: 0)
        var high = FixedGenerator(value: .max)
        let shortest = Self.policy.backoff(afterAttempts: attempts, random: &low)
        let longest = Self.policy.backoff(afterAttempts: attempts, random: &high)
        #expect(shortest == .milliseconds(Int64(step * 500)))
        #expect(longest > shortest && longest <= .milliseconds(Int64(step * 1000)))
        #expect(longest >= .milliseconds(Int64(step * 1000) - 1))
        for seed in 1...20 {
            var random = SeededGenerator(state: UInt64(seed))
            let wait = Self.policy.backoff(afterAttempts: attempts, random: &random)
            #expect(wait >= shortest && wait <= longest)
        }
    }

    /// A retry is due after the backoff, measured from the attempt's end.
    @Test func retryIsDueAfterTheBackoff() {
        var random = FixedGenerator(value: 0)
        let step = Self.policy.step(after: .retry(after: nil, reason: "HTTP 503"), attempts: 3, now: Self.now, random: &random)
        #expect(step == .retry(at: Self.now.addingTimeInterval(4), reason: "HTTP 503"))
    }

    /// The receiver's Retry-After replaces the backoff, longer or shorter, but never beyond an hour.
    @Test(arguments: [(Duration.seconds(2), 2.0), (.seconds(120), 120), (.zero, 0), (.seconds(-5), 0),
                      (.seconds(3600), 3600), (.seconds(86_400), 3600)])
    func retryAfterIsHonouredUpToAnHour(after: Duration, seconds: Double) {
        var random = SeededGenerator(state: 7)
        let step = Self.policy.step(after: .retry(after: after, reason: "HTTP 429"), attempts: 1, now: Self.now,
                                    random: &random)
        #expect(step == .retry(at: Self.now.addingTimeInterval(seconds), reason: "HTTP 429"))
    }

    /// The last allowed attempt failing gives up, saying how many were made and why; a refusal is final at once.
    @Test(arguments: [(DeliveryOutcome.retry(after: nil, reason: "HTTP 500"), 10,
                       DeliveryPolicy.Step.failed(reason: "gave up after 10 attempts: HTTP 500")),
                      (.retry(after: .seconds(1), reason: "timed out"), 10,
                       .failed(reason: "gave up after 10 attempts: timed out")),
                      (.retry(after: nil, reason: "HTTP 500"), 12, .failed(reason: "gave up after 12 attempts: HTTP 500")),
                      (.failed(reason: "HTTP 400"), 1, .failed(reason: "HTTP 400")),
                      (.failed(reason: "unknown alert channel 'x'"), 4, .failed(reason: "unknown alert channel 'x'")),
                      (.delivered(status: 202, answer: "queued"), 1, .delivered(answer: "HTTP 202: queued")),
                      (.delivered(status: 200, answer: ""), 3, .delivered(answer: "HTTP 200")),
                      (.delivered(status: nil, answer: "250 OK"), 1, .delivered(answer: "250 OK"))])
    func finalSteps(outcome: DeliveryOutcome, attempts: Int, expected: DeliveryPolicy.Step) {
        var random = SeededGenerator(state: 1)
        #expect(Self.policy.step(after: outcome, attempts: attempts, now: Self.now, random: &random) == expected)
    }

    /// One attempt allowed: its failure is the last.
    @Test func aSingleAttemptPolicyNeverRetries() {
        let policy = DeliveryPolicy(maxAttempts: 1, baseDelay: .seconds(1), maxDelay: .seconds(1))
        var random = SeededGenerator(state: 1)
        #expect(policy.step(after: .retry(after: nil, reason: "reset"), attempts: 1, now: Self.now, random: &random)
                == .failed(reason: "gave up after 1 attempt: reset"))
    }

    @Test func theDefaultTriesTenTimesFromTwoSecondsToTenMinutes() {
        #expect(DeliveryPolicy.default == DeliveryPolicy(maxAttempts: 10, baseDelay: .seconds(2), maxDelay: .seconds(600)))
        #expect(DeliveryPolicy.maxRetryAfter == .seconds(3600))
    }
}
