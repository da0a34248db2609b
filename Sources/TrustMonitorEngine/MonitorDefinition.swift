public import TrustMonitorCore

/// A monitor as the engine runs it: its stored identity plus what to check and how to judge it.
public struct MonitorDefinition: Sendable {
    public var id: String
    public var name: String
    public var request: CheckRequest
    public var interval: Duration
    public var verification: VerificationPolicy
    public var paused: Bool

    public init(id: String, name: String, request: CheckRequest, interval: Duration,
                verification: VerificationPolicy, paused: Bool) {
        self.id = id
        self.name = name
        self.request = request
        self.interval = interval
        self.verification = verification
        self.paused = paused
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

    public init(monitorID: String, role: ProbeVerdict.Role, due: ContinuousClock.Instant,
                notBefore: ContinuousClock.Instant, episode: Int) {
        self.monitorID = monitorID
        self.role = role
        self.due = due
        self.notBefore = notBefore
        self.episode = episode
    }
}
