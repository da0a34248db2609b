public import TrustMonitorCore

/// A monitor as the engine runs it: its stored identity plus what to check and how to judge it.
public struct MonitorDefinition: Sendable {
    public var id: String
    public var name: String
    public var request: CheckRequest
    public var interval: Duration
    public var verification: VerificationPolicy
    public var paused: Bool
    /// Where its alerts go, with reminder and escalation policies.
    public var alertRoutes: [AlertRoute]
    public var tags: [String]
    /// Warn once when the certificate expires within this; zero: never.
    public var certificateExpiryWarning: Duration
    /// Whether its latency and error rate are watched, how sensitively, and who hears it is degraded.
    public var anomaly: AnomalySettings

    public init(id: String, name: String, request: CheckRequest, interval: Duration,
                verification: VerificationPolicy, paused: Bool, alertRoutes: [AlertRoute] = [], tags: [String] = [],
                certificateExpiryWarning: Duration = .zero, anomaly: AnomalySettings = .default) {
        self.id = id
        self.name = name
        self.request = request
        self.interval = interval
        self.verification = verification
        self.paused = paused
        self.alertRoutes = alertRoutes
        self.tags = tags
        self.certificateExpiryWarning = certificateExpiryWarning
        self.anomaly = anomaly
    }
}

/// One unit of work on the queue: check this monitor, as its primary check or as a verification.
public struct CheckJob: Sendable {
    public var monitorID: String
    public var role: ProbeVerdict.Role
    /// When the scheduler wanted it to start; the difference to the actual start is the schedule lag.
    public var due: ContinuousClock.Instant
    /// A verification waits this long after the primary, so a blip has time to pass.
    public var notBefore: ContinuousClock.Instant
    /// Which episode a verification belongs to; results of a stale episode are dropped.
    public var episode: Int
    /// `due` on the wall clock (Unix ms): for a primary, a point of the monitor's fixed grid, so replicas name
    /// one due check the same way and the shared queue holds it once.
    public var dueMs: Int64
    /// Which of the jobs of one request this is (a verification asks several probes at once; a rerun is
    /// another look at the same due check).
    public var slot: Int

    public init(monitorID: String, role: ProbeVerdict.Role, due: ContinuousClock.Instant,
                notBefore: ContinuousClock.Instant, episode: Int, dueMs: Int64 = 0, slot: Int = 0) {
        self.monitorID = monitorID
        self.role = role
        self.due = due
        self.notBefore = notBefore
        self.episode = episode
        self.dueMs = dueMs
        self.slot = slot
    }
}
