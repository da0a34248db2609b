import TrustMonitorCore

/// A monitor's `retry: {attempts, backoff, max_backoff, on, budget}`.
extension RetryPolicy {
    static let configKeys = ["attempts", "backoff", "max_backoff", "on", "budget"]

    /// The policy (keys left out keep `RetryPolicy.default`'s values, `on` left out keeps the transient
    /// codes) and the check's budget, which lives on the request but is written with the retries it bounds.
    /// Nil when `retry` is absent or has a problem.
    static func read(from monitor: ConfigMapping) -> (policy: RetryPolicy, budget: Duration?)? {
        guard let retry = monitor.mapping("retry", known: configKeys) else { return nil }
        return retry.reader.unlessProblems {
            var policy = RetryPolicy.default
            if let attempts = retry.integer("attempts", in: RequestRules.retryAttempts) { policy.attempts = attempts }
            if let backoff = retry.duration("backoff", positive: false) { policy.backoff = backoff }
            if let maxBackoff = retry.duration("max_backoff", positive: false) { policy.maxBackoff = maxBackoff }
            if let codes = retry.strings("on") {
                policy.retryOn = Set(codes.compactMap { item in
                    do throws(RequestRules.Violation) {
                        return try RequestRules.failureCode(item.text)
                    } catch {
                        retry.reader.report(error.description, path: item.path, at: item.node.position)
                        return nil
                    }
                })
            }
            return (policy, retry.duration("budget", positive: true))
        }
    }
}
