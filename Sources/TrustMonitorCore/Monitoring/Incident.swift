public import struct Foundation.Date

/// A confirmed outage of one monitor: opened by a quorum of failures, resolved by a quorum of successes.
public struct Incident: Codable, Sendable, Identifiable {
    public enum State: String, Codable, Sendable { case open, resolved }

    public var id: String
    public var monitor: String
    public var monitorName: String
    /// The URL checked.
    public var endpoint: String
    public var state: State
    public var openedAt: Date
    public var resolvedAt: Date?
    /// The primary failure, as named by the prober.
    public var failure: Failure
    /// Every probe's look that confirmed (or did not confirm) the failure, primary first.
    public var verifications: [ProbeVerdict]
    /// The looks that confirmed the recovery.
    public var recoveries: [ProbeVerdict]

    public init(id: String, monitor: String, monitorName: String, endpoint: String, openedAt: Date,
                failure: Failure, verifications: [ProbeVerdict]) {
        self.id = id
        self.monitor = monitor
        self.monitorName = monitorName
        self.endpoint = endpoint
        self.state = .open
        self.openedAt = openedAt
        self.resolvedAt = nil
        self.failure = failure
        self.verifications = verifications
        self.recoveries = []
    }

    enum CodingKeys: String, CodingKey {
        case id, monitor, endpoint, state, failure, verifications, recoveries
        case monitorName = "monitor_name", openedAt = "opened_at", resolvedAt = "resolved_at"
    }
}

/// A failure that verification did not confirm: recorded with every probe's result, never alerted.
public struct SuppressedEpisode: Codable, Sendable, Identifiable {
    public var id: String
    public var monitor: String
    public var monitorName: String
    public var endpoint: String
    public var startedAt: Date
    public var decidedAt: Date
    public var failure: Failure
    public var verifications: [ProbeVerdict]
    /// Why it was not an incident: "1 of 2 confirmations needed".
    public var reason: String

    public init(id: String, monitor: String, monitorName: String, endpoint: String, startedAt: Date,
                decidedAt: Date, failure: Failure, verifications: [ProbeVerdict], reason: String) {
        self.id = id
        self.monitor = monitor
        self.monitorName = monitorName
        self.endpoint = endpoint
        self.startedAt = startedAt
        self.decidedAt = decidedAt
        self.failure = failure
        self.verifications = verifications
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case id, monitor, endpoint, failure, verifications, reason
        case monitorName = "monitor_name", startedAt = "started_at", decidedAt = "decided_at"
    }
}
