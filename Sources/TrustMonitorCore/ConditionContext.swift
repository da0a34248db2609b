/// What a condition can look at: one response as the prober saw it.
///
/// Built by the prober from an attempt, evaluated by `Condition` with no I/O, so the whole condition
/// language is tested with plain values.
public struct ConditionContext: Sendable {
    /// The HTTP status, nil when no response head arrived (or for a `tcp://` target).
    public var status: Int?
    /// The body bytes as read (at most the body limit).
    public var body: [UInt8]
    /// True when the body was cut at the limit: `[BODY]` conditions then fail rather than judge half a body.
    public var bodyTruncated: Bool
    /// Response headers in arrival order; names compared case-insensitively.
    public var headers: [HeaderField]
    /// Total time of the attempt (all phases).
    public var responseTime: Duration
    /// Time left until the leaf certificate expires (negative when expired), nil without TLS.
    public var certificateExpiration: Duration?
    /// Whether a connection was established.
    public var connected: Bool
    /// The address connected to, as text.
    public var ip: String?

    public init(
        status: Int? = nil,
        body: [UInt8] = [],
        bodyTruncated: Bool = false,
        headers: [HeaderField] = [],
        responseTime: Duration = .zero,
        certificateExpiration: Duration? = nil,
        connected: Bool = true,
        ip: String? = nil
    ) {
        self.status = status
        self.body = body
        self.bodyTruncated = bodyTruncated
        self.headers = headers
        self.responseTime = responseTime
        self.certificateExpiration = certificateExpiration
        self.connected = connected
        self.ip = ip
    }
}

/// One header line. Kept as a list, not a dictionary: order and repeats are part of the evidence.
public struct HeaderField: Codable, Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// Headers whose values must never reach output, logs or stored evidence.
public enum HeaderRedaction {
    public static let placeholder = "[redacted]"

    private static let sensitiveNames: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key",
        "x-auth-token", "x-access-token", "x-csrf-token", "x-amz-security-token",
    ]

    private static let sensitiveParts: [[UInt8]] = ["token", "secret", "password"].map { Array($0.utf8) }

    public static func isSensitive(_ name: String) -> Bool {
        let lower = name.lowercased()
        if sensitiveNames.contains(lower) { return true }
        let bytes = Array(lower.utf8)
        return sensitiveParts.contains { part in
            bytes.count >= part.count
                && (0...(bytes.count - part.count)).contains { bytes[$0..<($0 + part.count)].elementsEqual(part) }
        }
    }

    /// The headers with sensitive values replaced, safe to store and print.
    public static func redacted(_ headers: [HeaderField]) -> [HeaderField] {
        headers.map { isSensitive($0.name) ? HeaderField(name: $0.name, value: placeholder) : $0 }
    }
}
