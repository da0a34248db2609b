public import struct Foundation.Date

/// When an alert that could not be delivered is tried again, and when it is given up on.
///
/// A policy, not a loop: `step` is a pure decision from one attempt's outcome, the attempts made and the time, with
/// the randomness passed in, so every rule (exponential backoff with jitter, the receiver's Retry-After honoured but
/// capped, a final refusal final at once, a bounded number of attempts) is tested with plain values. The outbox's
/// delivery service only executes what it decides.
public struct DeliveryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included; the alert is `failed` after the last.
    public var maxAttempts: Int
    /// Wait after the first failed attempt; doubles after each later one.
    public var baseDelay: Duration
    /// Ceiling for the doubled wait: a receiver down for hours still gets tried this often.
    public var maxDelay: Duration

    /// The longest Retry-After obeyed: a receiver asking for a day would otherwise park a page for a day.
    public static let maxRetryAfter = Duration.seconds(3600)

    /// 10 attempts, 2 s doubling to at most 10 min: about 20 minutes of trying before giving up.
    public static let `default` = DeliveryPolicy(maxAttempts: 10, baseDelay: .seconds(2), maxDelay: .seconds(600))

    public init(maxAttempts: Int, baseDelay: Duration, maxDelay: Duration) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// What one attempt comes to.
    public enum Step: Sendable, Equatable {
        case delivered(answer: String)
        /// Pending again, due at `at`.
        case retry(at: Date, reason: String)
        /// Given up on: the receiver refused for good, or the last attempt failed.
        case failed(reason: String)
    }

    /// Decides what follows attempt number `attempts` (1-based: the one just made), which ended at `now`.
    /// - Parameter random: source of jitter, injected so tests are repeatable.
    public func step(after outcome: DeliveryOutcome, attempts: Int, now: Date,
                     random: inout some RandomNumberGenerator) -> Step {
        switch outcome {
        case .delivered(let status, let answer):
            // "HTTP 202: queued": the status first, so the record reads alike on every channel.
            return .delivered(answer: [status.map { "HTTP \($0)" }, answer.isEmpty ? nil : answer]
                .compactMap { $0 }.joined(separator: ": "))
        case .failed(let reason):
            return .failed(reason: reason)
        case .retry(let after, let reason):
            guard attempts < maxAttempts else {
                return .failed(reason: "gave up after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(reason)")
            }
            let wait = after.map { min(max($0, .zero), Self.maxRetryAfter) }
                ?? backoff(afterAttempts: attempts, random: &random)
            return .retry(at: now.addingTimeInterval(wait.fractionalMilliseconds / 1000), reason: reason)
        }
    }

    /// The wait after `attempts` failed attempts, with "equal jitter": half of `baseDelay * 2^(attempts-1)` (capped
    /// at `maxDelay`) is fixed, half random, so alerts failing together at one receiver spread out yet never come
    /// back sooner than half the step.
    public func backoff(afterAttempts attempts: Int, random: inout some RandomNumberGenerator) -> Duration {
        let doublings = min(max(attempts - 1, 0), 30)
        var step = baseDelay * (1 << doublings)
        if step > maxDelay || step < .zero { step = maxDelay }
        let half = step / 2
        return half + half * Double.random(in: 0..<1, using: &random)
    }
}
