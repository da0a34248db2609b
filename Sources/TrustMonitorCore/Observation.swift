public import struct Foundation.Date

/// Everything one check saw: the verdict, the failure if any, and every attempt as it happened.
///
/// The top-level fields repeat the last attempt unaltered, so a reader who wants "what is the state" does not
/// have to know about retries, and one who audits the retries finds every attempt in order.
public struct Observation: Codable, Sendable {
    public enum Verdict: String, Codable, Sendable { case up, down }

    public var target: String
    public var method: String
    public var verdict: Verdict
    public var failure: Failure?
    public var status: Int?
    public var phases: Phases
    public var conditions: [ConditionResult]
    public var certificate: CertificateInfo?
    public var startedAt: Date
    public var finishedAt: Date
    public var attempts: [Attempt]
    /// Why no further attempt was made after a failed one (policy does not retry the code, attempts used up,
    /// budget left too small, Retry-After beyond the budget); nil when the check passed.
    public var retryStop: String?

    /// Builds the observation from its attempts; the verdict and top-level fields are the last attempt's.
    public init(target: String, method: String, startedAt: Date, finishedAt: Date, attempts: [Attempt],
                retryStop: String?) {
        let last = attempts.last
        self.target = target
        self.method = method
        self.verdict = (last?.failure == nil && last != nil) ? .up : .down
        self.failure = last?.failure ?? (last == nil ? Failure(.readTimeout, "no attempt could start") : nil)
        self.status = last?.status
        self.phases = last?.phases ?? Phases()
        self.conditions = last?.conditions ?? []
        self.certificate = last?.certificate
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.attempts = attempts
        self.retryStop = verdict == .up ? nil : retryStop
    }

    enum CodingKeys: String, CodingKey {
        case target, method, verdict, failure, status, phases, conditions, certificate, attempts
        case startedAt = "started_at", finishedAt = "finished_at", retryStop = "retry_stop"
    }
}

/// One try at the target: a fresh connection, its phases, and what came back.
public struct Attempt: Codable, Sendable {
    public var number: Int
    public var startedAt: Date
    /// The URL this attempt ended at (after redirects).
    public var url: String
    public var remoteAddress: String?
    public var status: Int?
    public var failure: Failure?
    public var phases: Phases
    /// Response headers with sensitive values redacted.
    public var headers: [HeaderField]
    public var body: BodyEvidence?
    public var redirects: [RedirectHop]
    public var certificate: CertificateInfo?
    public var conditions: [ConditionResult]
    /// The server's Retry-After, when it sent one with a 429 or 503.
    public var retryAfterMs: Int64?
    /// How long the policy waited before the next attempt, nil for the last one.
    public var delayBeforeNextMs: Int64?

    public init(number: Int, startedAt: Date, url: String, remoteAddress: String? = nil, status: Int? = nil,
                failure: Failure? = nil, phases: Phases = Phases(), headers: [HeaderField] = [],
                body: BodyEvidence? = nil, redirects: [RedirectHop] = [], certificate: CertificateInfo? = nil,
                conditions: [ConditionResult] = [], retryAfterMs: Int64? = nil) {
        self.number = number
        self.startedAt = startedAt
        self.url = url
        self.remoteAddress = remoteAddress
        self.status = status
        self.failure = failure
        self.phases = phases
        self.headers = headers
        self.body = body
        self.redirects = redirects
        self.certificate = certificate
        self.conditions = conditions
        self.retryAfterMs = retryAfterMs
        self.delayBeforeNextMs = nil
    }

    enum CodingKeys: String, CodingKey {
        case number, url, status, failure, phases, headers, body, redirects, certificate, conditions
        case startedAt = "started_at", remoteAddress = "remote_address", retryAfterMs = "retry_after_ms"
        case delayBeforeNextMs = "delay_before_next_ms"
    }
}

/// Phase timings in milliseconds, as blackbox_exporter reports them; a phase not reached is nil.
/// Across redirects each phase is the sum over hops, and `total` is the whole attempt.
public struct Phases: Codable, Sendable, Equatable {
    public var dns: Double?
    public var connect: Double?
    public var tls: Double?
    /// Request sent until the response head arrived.
    public var ttfb: Double?
    /// Response head until the body was read.
    public var transfer: Double?
    public var total: Double?

    public init(dns: Double? = nil, connect: Double? = nil, tls: Double? = nil, ttfb: Double? = nil,
                transfer: Double? = nil, total: Double? = nil) {
        self.dns = dns
        self.connect = connect
        self.tls = tls
        self.ttfb = ttfb
        self.transfer = transfer
        self.total = total
    }

    /// Adds another hop's phases to these (redirects): a phase present in either is summed.
    public mutating func accumulate(_ other: Phases) {
        func sum(_ a: Double?, _ b: Double?) -> Double? { a == nil && b == nil ? nil : (a ?? 0) + (b ?? 0) }
        dns = sum(dns, other.dns)
        connect = sum(connect, other.connect)
        tls = sum(tls, other.tls)
        ttfb = sum(ttfb, other.ttfb)
        transfer = sum(transfer, other.transfer)
    }

    enum CodingKeys: String, CodingKey {
        case dns = "dns_ms", connect = "connect_ms", tls = "tls_ms", ttfb = "ttfb_ms"
        case transfer = "transfer_ms", total = "total_ms"
    }
}

/// What was read of the body: a bounded excerpt for people, a hash of all bytes read for evidence.
public struct BodyEvidence: Codable, Sendable, Equatable {
    public var bytesRead: Int
    /// True when the body was longer than the read limit and reading stopped there.
    public var truncated: Bool
    /// Lowercase hex SHA-256 of the bytes read.
    public var sha256: String
    /// The first bytes as UTF-8 (invalid sequences replaced), at most the excerpt limit.
    public var excerpt: String

    public init(bytesRead: Int, truncated: Bool, sha256: String, excerpt: String) {
        self.bytesRead = bytesRead
        self.truncated = truncated
        self.sha256 = sha256
        self.excerpt = excerpt
    }

    enum CodingKeys: String, CodingKey {
        case truncated, sha256, excerpt
        case bytesRead = "bytes_read"
    }
}

/// One redirect followed: where it was, what it answered, where it pointed.
public struct RedirectHop: Codable, Sendable, Equatable {
    public var url: String
    public var status: Int
    public var location: String

    public init(url: String, status: Int, location: String) {
        self.url = url
        self.status = status
        self.location = location
    }
}

/// The server's leaf certificate, as far as monitoring needs it.
public struct CertificateInfo: Codable, Sendable, Equatable {
    public var subject: String
    public var issuer: String
    public var notBefore: Date
    public var notAfter: Date
    public var dnsNames: [String]

    public init(subject: String, issuer: String, notBefore: Date, notAfter: Date, dnsNames: [String]) {
        self.subject = subject
        self.issuer = issuer
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.dnsNames = dnsNames
    }

    enum CodingKeys: String, CodingKey {
        case subject, issuer
        case notBefore = "not_before", notAfter = "not_after", dnsNames = "dns_names"
    }
}
