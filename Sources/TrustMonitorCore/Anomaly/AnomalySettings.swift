/// A monitor's `anomaly:` settings: whether its latency and error rate are watched, how sensitively, and which
/// channels hear that it is degraded. Nobody is paged for slowness unless they asked: `alerts` is empty by default.
public struct AnomalySettings: Sendable, Equatable {
    /// How readily a slowdown counts: `low` only flags large, clear slowdowns, `high` also smaller ones.
    public enum Sensitivity: String, Sendable, CaseIterable {
        case low, normal, high
    }

    public var enabled: Bool
    public var sensitivity: Sensitivity
    /// How long slowness must last before the monitor is degraded.
    public var minimumDuration: Duration
    /// Channels (names under `alerts:`) sent `degraded` and `degradation_ended` alerts.
    public var alerts: [String]
    /// The detectors' policy, made from the sensitivity and minimum duration (tests may set it whole).
    public var policy: AnomalyPolicy

    public static let `default` = AnomalySettings(enabled: true, sensitivity: .normal,
                                                  minimumDuration: AnomalyPolicy.default.minimumDuration, alerts: [])

    public init(enabled: Bool, sensitivity: Sensitivity, minimumDuration: Duration, alerts: [String]) {
        self.enabled = enabled
        self.sensitivity = sensitivity
        self.minimumDuration = minimumDuration
        self.alerts = alerts
        policy = Self.policy(sensitivity: sensitivity, minimumDuration: minimumDuration)
    }

    /// The detector's policy: `normal` is `AnomalyPolicy.default`; `low` asks for 2x and 7 spreads, `high` for 1.3x
    /// and 3.5 spreads (never below the 10 ms floor, so loopback jitter stays quiet at any sensitivity).
    public static func policy(sensitivity: Sensitivity, minimumDuration: Duration) -> AnomalyPolicy {
        var policy = AnomalyPolicy.default
        switch sensitivity {
        case .low:
            policy.madMultiplier = 7
            policy.minimumFactor = 2
        case .normal:
            break
        case .high:
            policy.madMultiplier = 3.5
            policy.minimumFactor = 1.3
        }
        policy.minimumDuration = minimumDuration
        // Adoption must come well after degradation, or a slowdown would become "normal" before anyone saw it.
        policy.adoptAfter = max(policy.adoptAfter, minimumDuration * 4)
        return policy
    }
}
