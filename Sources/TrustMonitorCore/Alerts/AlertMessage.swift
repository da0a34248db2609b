public import struct Foundation.Date

/// What one alert says, as every channel renders it: one event of one incident (or a warning, or a test).
///
/// It is written whole into the outbox when the event happens, so a delivery after a crash or hours of retries
/// says exactly what it would have said at once.
public struct AlertMessage: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A confirmed incident opened.
        case opened
        /// Its confirmed recovery.
        case resolved
        /// Still open, not acknowledged: sent every `reminder` while so.
        case reminder
        /// Unacknowledged for `escalate_after`: sent to the escalation channel.
        case escalation
        /// A certificate expires within the warning window.
        case certificateExpiring = "certificate_expiring"
        /// `trustmonitor alert test NAME`.
        case test
        /// The monitor is up but degraded (slow, or failing more often than usual): sent only to the channels its
        /// `anomaly.alerts` names.
        case degraded
        /// The degradation is over (back to usual, or its level became the new normal).
        case degradationEnded = "degradation_ended"
    }

    /// Kind of event.
    public var kind: Kind
    /// Names the event, the same on every retry and every replica: with the channel's name, the idempotency key
    /// receivers dedup by (`<incident>:opened`, `<incident>:reminder:3`, ...).
    public var eventID: String
    public var monitorID: String
    public var monitorName: String
    /// The URL checked.
    public var endpoint: String
    public var incidentID: String?
    /// The failure that opened the incident (opened, reminders, escalations, resolved).
    public var failure: Failure?
    public var openedAt: Date?
    public var resolvedAt: Date?
    /// When the event happened.
    public var at: Date
    /// Who confirmed it: one line per look, "eu-1 (eu): http_5xx HTTP 503".
    public var confirmations: [String]
    /// Where the incident's evidence bundle can be fetched (needs `server.public_url`); nil when unknown.
    public var bundleURL: String?
    /// When a certificate expires (`certificate_expiring`).
    public var certificateExpiresAt: Date?
    /// The degradation period (`degraded`, `degradation_ended`): what PagerDuty and Opsgenie fold its alerts by.
    public var degradationID: String?
    /// What is unusual, for a person: "TLS handshake 4.1x its usual 40 ms for 6 minutes, in 2 of 3 regions".
    public var explanation: String?

    public init(kind: Kind, eventID: String, monitorID: String, monitorName: String, endpoint: String,
                incidentID: String? = nil, failure: Failure? = nil, openedAt: Date? = nil, resolvedAt: Date? = nil,
                at: Date, confirmations: [String] = [], bundleURL: String? = nil, certificateExpiresAt: Date? = nil,
                degradationID: String? = nil, explanation: String? = nil) {
        self.kind = kind
        self.eventID = eventID
        self.monitorID = monitorID
        self.monitorName = monitorName
        self.endpoint = endpoint
        self.incidentID = incidentID
        self.failure = failure
        self.openedAt = openedAt
        self.resolvedAt = resolvedAt
        self.at = at
        self.confirmations = confirmations
        self.bundleURL = bundleURL
        self.certificateExpiresAt = certificateExpiresAt
        self.degradationID = degradationID
        self.explanation = explanation
    }

    enum CodingKeys: String, CodingKey {
        case kind, monitor = "monitor_name", monitorID = "monitor_id", endpoint, failure, at, confirmations
        case eventID = "event_id", incidentID = "incident_id", openedAt = "opened_at", resolvedAt = "resolved_at"
        case bundleURL = "bundle_url", certificateExpiresAt = "certificate_expires_at"
        case degradationID = "degradation_id", explanation
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(Kind.self, forKey: .kind)
        eventID = try container.decode(String.self, forKey: .eventID)
        monitorID = try container.decode(String.self, forKey: .monitorID)
        monitorName = try container.decode(String.self, forKey: .monitor)
        endpoint = try container.decode(String.self, forKey: .endpoint)
        incidentID = try container.decodeIfPresent(String.self, forKey: .incidentID)
        failure = try container.decodeIfPresent(Failure.self, forKey: .failure)
        openedAt = try container.decodeIfPresent(Date.self, forKey: .openedAt)
        resolvedAt = try container.decodeIfPresent(Date.self, forKey: .resolvedAt)
        at = try container.decode(Date.self, forKey: .at)
        confirmations = try container.decodeIfPresent([String].self, forKey: .confirmations) ?? []
        bundleURL = try container.decodeIfPresent(String.self, forKey: .bundleURL)
        certificateExpiresAt = try container.decodeIfPresent(Date.self, forKey: .certificateExpiresAt)
        degradationID = try container.decodeIfPresent(String.self, forKey: .degradationID)
        explanation = try container.decodeIfPresent(String.self, forKey: .explanation)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(eventID, forKey: .eventID)
        try container.encode(monitorID, forKey: .monitorID)
        try container.encode(monitorName, forKey: .monitor)
        try container.encode(endpoint, forKey: .endpoint)
        try container.encodeIfPresent(incidentID, forKey: .incidentID)
        try container.encodeIfPresent(failure, forKey: .failure)
        try container.encodeIfPresent(openedAt, forKey: .openedAt)
        try container.encodeIfPresent(resolvedAt, forKey: .resolvedAt)
        try container.encode(at, forKey: .at)
        try container.encode(confirmations, forKey: .confirmations)
        try container.encodeIfPresent(bundleURL, forKey: .bundleURL)
        try container.encodeIfPresent(certificateExpiresAt, forKey: .certificateExpiresAt)
        try container.encodeIfPresent(degradationID, forKey: .degradationID)
        try container.encodeIfPresent(explanation, forKey: .explanation)
    }

    /// Whether it closes what an earlier alert opened (an incident, a degradation): services that fold alerts
    /// resolve or close theirs.
    public var isEnding: Bool { kind == .resolved || kind == .degradationEnded }

    /// What services fold this alert's events under: the incident, else the degradation, else the event itself.
    public var foldingKey: String { incidentID ?? degradationID ?? eventID }

    /// One line for a person: what happened to what.
    public var summary: String {
        switch kind {
        case .opened: return "DOWN: \(monitorName) (\(endpoint)): \(failure.map { "\($0.code.rawValue): \($0.message)" } ?? "failing")"
        case .resolved: return "RECOVERED: \(monitorName) (\(endpoint)) is up again"
        case .reminder: return "STILL DOWN: \(monitorName) (\(endpoint)): \(failure.map { $0.code.rawValue } ?? "failing")"
        case .escalation: return "ESCALATED, unacknowledged: \(monitorName) (\(endpoint)) is down"
        case .certificateExpiring:
            return "CERTIFICATE EXPIRING: \(monitorName) (\(endpoint))"
                + (certificateExpiresAt.map { " on \(RFC3339.format($0))" } ?? "")
        case .test: return "TEST: trustmonitor alert test for \(monitorName)"
        case .degraded: return "DEGRADED: \(monitorName) (\(endpoint)): \(explanation ?? "not as usual")"
        case .degradationEnded: return "BACK TO USUAL: \(monitorName) (\(endpoint))" + (explanation.map { ": \($0)" } ?? "")
        }
    }
}

/// How one delivery attempt went, as a channel's sender judges the receiver's answer.
public enum DeliveryOutcome: Sendable, Equatable {
    /// The receiver took it (its status and the start of its answer, kept for the record).
    case delivered(status: Int?, answer: String)
    /// Worth trying again: a 5xx, 408, 429, a connection or timeout; `after` when the receiver said (Retry-After).
    case retry(after: Duration?, reason: String)
    /// Trying again cannot help: a 4xx other than 408/429, or a channel that cannot be used as configured.
    case failed(reason: String)
}
