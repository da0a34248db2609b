public import TrustMonitorCore

/// One monitor from the configuration, fully typed: what to check, how often, and who hears about it.
///
/// The check itself is a `CheckRequest` built by the same rules as `trustmonitor check`'s flags, so a
/// monitor behaves exactly like the command line that a user tried first.
public struct MonitorConfig: Sendable {
    /// Unique in the file; appears in URLs and metric labels, hence `[A-Za-z0-9._-]` only.
    public var name: String
    public var request: CheckRequest
    /// Time between the starts of two checks.
    public var interval: Duration
    public var verification: VerificationPolicy
    /// Names of the alert channels to notify, each defined under `alerts`.
    public var alerts: [String]
    /// The same channels with their reminder and escalation policies.
    public var alertRoutes: [AlertRoute]
    /// Labels for maintenance windows (and, later, the status page): `tags: [db, eu]`.
    public var tags: [String]
    /// Alert once when the server's certificate expires within this; zero: never.
    public var certificateExpiryWarning: Duration
    /// A paused monitor is kept (with its history) but not checked.
    public var paused: Bool
    /// `anomaly:`: latency and error-rate anomaly detection (on by default, alerting nobody by default).
    public var anomaly: AnomalySettings = .default
    /// The item as its author wrote it (merges resolved, `${VAR}` unexpanded): what the API shows as the
    /// monitor's definition. Nil for a monitor made in code.
    public var written: ConfigValue? = nil

    /// Two weeks, as most certificate monitors warn: time to renew by hand when automation failed.
    public static let defaultCertificateExpiryWarning = Duration.seconds(14 * 86_400)

    /// Gatus's default, so a Gatus user's monitors keep their rhythm.
    public static let defaultInterval = Duration.seconds(60)

    public init(name: String, request: CheckRequest, interval: Duration = MonitorConfig.defaultInterval,
                verification: VerificationPolicy = .default, alerts: [String] = [], paused: Bool = false,
                alertRoutes: [AlertRoute]? = nil, tags: [String] = [],
                certificateExpiryWarning: Duration = MonitorConfig.defaultCertificateExpiryWarning) {
        self.name = name
        self.request = request
        self.interval = interval
        self.verification = verification
        self.alerts = alerts
        self.alertRoutes = alertRoutes ?? alerts.map { AlertRoute(channel: $0) }
        self.tags = tags
        self.certificateExpiryWarning = certificateExpiryWarning
        self.paused = paused
    }
}
