/// Where a failure happened: below HTTP (the network, TLS) or in what the server answered.
///
/// Kept apart from the code because alerting and verification treat the layers differently: a transport
/// failure seen from one probe is often the probe's own network, an application failure rarely is.
public enum FailureLayer: String, Codable, Sendable, CaseIterable {
    case transport
    case application
}

/// The stable name of why a check failed.
///
/// These strings are public contract (API, metrics labels, alert texts, retry policies), so a case is never
/// renamed; the human detail goes into `Failure.message` instead, keeping the code safe as a metrics label.
public enum FailureCode: String, Codable, Sendable, CaseIterable, Comparable {
    case dnsFailure = "dns_failure"
    case connectRefused = "connect_refused"
    case connectTimeout = "connect_timeout"
    case tlsHandshakeFailed = "tls_handshake_failed"
    case certificateInvalid = "certificate_invalid"
    case certificateExpired = "certificate_expired"
    case readTimeout = "read_timeout"
    case connectionReset = "connection_reset"
    case protocolError = "protocol_error"
    case http4xx = "http_4xx"
    case http5xx = "http_5xx"
    case unexpectedStatus = "unexpected_status"
    case conditionFailed = "condition_failed"

    public var layer: FailureLayer {
        switch self {
        case .dnsFailure, .connectRefused, .connectTimeout, .tlsHandshakeFailed, .certificateInvalid,
            .certificateExpired, .readTimeout, .connectionReset, .protocolError:
            return .transport
        case .http4xx, .http5xx, .unexpectedStatus, .conditionFailed:
            return .application
        }
    }

    /// Whether the default retry policy retries this code: the failures that are usually transient.
    /// `http_4xx` is not, except a 429, which `RetryPolicy` special-cases.
    public var isTransientByDefault: Bool {
        switch self {
        case .dnsFailure, .connectRefused, .connectTimeout, .tlsHandshakeFailed, .readTimeout,
            .connectionReset, .http5xx:
            return true
        case .certificateInvalid, .certificateExpired, .protocolError, .http4xx, .unexpectedStatus,
            .conditionFailed:
            return false
        }
    }

    public static func < (lhs: FailureCode, rhs: FailureCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A failure as a value: the stable code, its layer, and a message for a person.
public struct Failure: Codable, Sendable, Equatable {
    public var code: FailureCode
    public var layer: FailureLayer
    public var message: String

    public init(_ code: FailureCode, _ message: String) {
        self.code = code
        self.layer = code.layer
        self.message = message
    }
}
