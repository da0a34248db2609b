/// Which failures are tried again, how long to wait between tries, and when to give up.
///
/// A policy, not a loop: `nextStep` is a pure decision from one failed attempt and the time left, so every
/// rule (transient codes only, exponential backoff with jitter, Retry-After honoured, the budget owning all
/// time) is tested with plain values. The prober's runner only executes what it decides.
public struct RetryPolicy: Sendable, Equatable {
    /// Total attempts including the first; 1 means no retry.
    public var attempts: Int
    /// Wait before the second attempt; doubles for each later one.
    public var backoff: Duration
    /// Ceiling for the doubled wait.
    public var maxBackoff: Duration
    /// The codes to retry; nil means the defaults (`FailureCode.isTransientByDefault`, plus 429).
    public var retryOn: Set<FailureCode>?

    /// An attempt is not started with less budget than this: it could only fail, and under a misleading name
    /// (a connect "timeout" that was the budget running out).
    public static let minimumAttemptTime = Duration.milliseconds(100)

    public static let `default` = RetryPolicy(attempts: 2, backoff: .milliseconds(500), maxBackoff: .seconds(5))
    public static let never = RetryPolicy(attempts: 1, backoff: .zero, maxBackoff: .zero)

    public init(attempts: Int, backoff: Duration, maxBackoff: Duration, retryOn: Set<FailureCode>? = nil) {
        self.attempts = attempts
        self.backoff = backoff
        self.maxBackoff = maxBackoff
        self.retryOn = retryOn
    }

    public enum Decision: Sendable, Equatable {
        case retry(after: Duration)
        /// No further attempt, with the reason kept in the observation.
        case stop(reason: String)
    }

    /// Whether this policy retries `failure` at all (ignoring attempts and time).
    public func retries(_ failure: Failure, status: Int?) -> Bool {
        if let retryOn { return retryOn.contains(failure.code) }
        if failure.code == .http4xx { return status == 429 }
        return failure.code.isTransientByDefault
    }

    /// Decides what follows failed attempt number `attempt` (1-based).
    /// - Parameters:
    ///   - retryAfter: the server's Retry-After on a 429 or 503, which replaces the backoff.
    ///   - remaining: time left in the check's budget now.
    ///   - random: source of jitter, injected so tests are repeatable.
    public func nextStep(
        afterAttempt attempt: Int, failure: Failure, status: Int?, retryAfter: Duration?,
        remaining: Duration, random: inout some RandomNumberGenerator
    ) -> Decision {
        guard retries(failure, status: status) else {
            return .stop(reason: "\(failure.code.rawValue) is not retried by the policy")
        }
        guard attempt < attempts else {
            return .stop(reason: "all \(attempts) attempt\(attempts == 1 ? "" : "s") used")
        }
        if let retryAfter, status == 429 || status == 503 {
            guard retryAfter + Self.minimumAttemptTime <= remaining else {
                return .stop(reason: "Retry-After of \(DurationText.format(retryAfter)) is beyond the "
                    + "remaining budget of \(DurationText.format(remaining))")
            }
            return .retry(after: max(retryAfter, .zero))
        }
        let delay = jitteredBackoff(beforeAttempt: attempt + 1, random: &random)
        guard delay + Self.minimumAttemptTime <= remaining else {
            return .stop(reason: "backoff of \(DurationText.format(delay)) would exceed the remaining budget "
                + "of \(DurationText.format(remaining))")
        }
        return .retry(after: delay)
    }

    /// Exponential backoff with "equal jitter": half the step is fixed, half random, so retries from many
    /// monitors spread out yet never come sooner than half the configured wait.
    func jitteredBackoff(beforeAttempt next: Int, random: inout some RandomNumberGenerator) -> Duration {
        let doublings = min(max(next - 2, 0), 30)
        var step = backoff * (1 << doublings)
        if step > maxBackoff || step < .zero { step = maxBackoff }
        let half = step / 2
        return half + half * Double.random(in: 0..<1, using: &random)
    }
}
