public import TrustMonitorCore

/// A `CheckRequest` as it travels to a remote probe: plain JSON values, conditions as their source text.
///
/// The agent rebuilds the request with the same parsers the config uses, so a condition means the same
/// thing on every probe; anything it cannot rebuild is refused by the agent, never half-run.
public struct CheckSpec: Codable, Sendable, Equatable {
    public struct Retry: Codable, Sendable, Equatable {
        public var attempts: Int
        public var backoffMs: Int64
        public var maxBackoffMs: Int64
        /// Failure codes to retry; nil means the defaults.
        public var on: [String]?

        enum CodingKeys: String, CodingKey {
            case attempts, on, backoffMs = "backoff_ms", maxBackoffMs = "max_backoff_ms"
        }
    }

    public var url: String
    public var method: String
    public var headers: [HeaderField]
    public var body: String?
    public var timeoutMs: Int64
    public var conditions: [String]
    public var retry: Retry
    public var budgetMs: Int64?
    public var maxRedirects: Int
    public var maxBody: Int

    enum CodingKeys: String, CodingKey {
        case url, method, headers, body, conditions, retry
        case timeoutMs = "timeout_ms", budgetMs = "budget_ms", maxRedirects = "max_redirects", maxBody = "max_body"
    }

    /// Nil for a request that cannot run elsewhere: one that trusts a CA file on the server's disk, or
    /// whose body is not UTF-8 text.
    public init?(_ request: CheckRequest) {
        guard request.caFile == nil else { return nil }
        var body: String?
        if let bytes = request.body {
            guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
            body = text
        }
        url = request.target.description
        method = request.method
        headers = request.headers
        self.body = body
        timeoutMs = request.timeout.milliseconds
        conditions = request.conditions.map(\.source)
        retry = Retry(attempts: request.retry.attempts, backoffMs: request.retry.backoff.milliseconds,
                      maxBackoffMs: request.retry.maxBackoff.milliseconds,
                      on: request.retry.retryOn.map { $0.map(\.rawValue).sorted() })
        budgetMs = request.budget?.milliseconds
        maxRedirects = request.maxRedirects
        maxBody = request.maxBodyBytes
    }

    /// The request again, or a message saying which part the agent cannot take.
    public func request() throws(AgentProtocolError) -> CheckRequest {
        let target: Target
        do { target = try Target.parse(url) } catch { throw AgentProtocolError("url: \(error)") }
        var conditions: [Condition] = []
        for source in self.conditions {
            do { conditions.append(try Condition.parse(source)) } catch { throw AgentProtocolError("condition: \(error)") }
        }
        var retryOn: Set<FailureCode>?
        if let on = retry.on {
            var codes = Set<FailureCode>()
            for raw in on {
                guard let code = FailureCode(rawValue: raw) else { throw AgentProtocolError("retry.on: unknown code '\(raw)'") }
                codes.insert(code)
            }
            retryOn = codes
        }
        guard timeoutMs > 0, retry.attempts >= 1, retry.backoffMs >= 0, retry.maxBackoffMs >= 0, maxRedirects >= 0,
              maxBody > 0, (budgetMs ?? 1) > 0 else {
            throw AgentProtocolError("timeouts, attempts and sizes must be positive")
        }
        return CheckRequest(
            target: target, method: method, headers: headers,
            body: body.map { Array($0.utf8) }, timeout: .milliseconds(timeoutMs), conditions: conditions,
            retry: RetryPolicy(attempts: retry.attempts, backoff: .milliseconds(retry.backoffMs),
                               maxBackoff: .milliseconds(retry.maxBackoffMs), retryOn: retryOn),
            budget: budgetMs.map { .milliseconds($0) }, maxRedirects: maxRedirects, maxBodyBytes: maxBody)
    }
}

/// A message from the other side of the agent protocol that cannot be used, and why.
public struct AgentProtocolError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
