/// One check to run: the target and everything that decides how it is judged.
///
/// Built at the edge (CLI flags, config, API) from validated input; the prober takes it as it is.
public struct CheckRequest: Sendable {
    public var target: Target
    public var method: String
    public var headers: [HeaderField]
    public var body: [UInt8]?
    /// Limit for one attempt, all phases together.
    public var timeout: Duration
    public var conditions: [Condition]
    public var retry: RetryPolicy
    /// The whole check's budget across attempts and waits; nil means `timeout × attempts` plus the backoffs.
    public var budget: Duration?
    public var maxRedirects: Int
    public var maxBodyBytes: Int
    /// PEM file of extra trusted CAs (private PKI), added to the system trust store.
    public var caFile: String?

    public static let defaultMaxBodyBytes = 1 << 20
    public static let defaultMaxRedirects = 10

    public init(target: Target, method: String = "GET", headers: [HeaderField] = [], body: [UInt8]? = nil,
                timeout: Duration = .seconds(10), conditions: [Condition] = [], retry: RetryPolicy = .default,
                budget: Duration? = nil, maxRedirects: Int = CheckRequest.defaultMaxRedirects,
                maxBodyBytes: Int = CheckRequest.defaultMaxBodyBytes, caFile: String? = nil) {
        self.target = target
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.conditions = conditions
        self.retry = retry
        self.budget = budget
        self.maxRedirects = maxRedirects
        self.maxBodyBytes = maxBodyBytes
        self.caFile = caFile
    }

    /// The one deadline's length: explicit, or enough for every attempt to use its whole timeout and every
    /// wait its longest backoff.
    public var effectiveBudget: Duration {
        if let budget { return budget }
        let waits = retry.maxBackoff * max(retry.attempts - 1, 0)
        return timeout * max(retry.attempts, 1) + waits
    }
}
