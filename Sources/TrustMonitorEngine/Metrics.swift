public import TrustMonitorCore

/// What this process counted since it started: checks and their phase timings, verification outcomes, alert
/// delivery attempts. Per replica: each process counts only what it did, so every replica is scraped.
///
/// Labels are bounded: monitor and channel names come from the configuration, probe names from registration,
/// results are `up` or a `FailureCode`, never free text.
public actor Metrics {
    struct CheckKey: Hashable { var monitor: String, probe: String, result: String }
    struct PhaseKey: Hashable { var monitor: String, phase: String }
    struct AttemptKey: Hashable { var channel: String, result: String }

    /// What verification decided about a suspected failure or recovery.
    public enum VerificationOutcome: String, Sendable, CaseIterable {
        /// An incident was opened.
        case confirmed
        /// A false alarm: the episode was recorded, nobody alerted.
        case suppressed
        /// The incident was resolved.
        case recovered
    }

    private(set) var checks: [CheckKey: Int] = [:]
    private(set) var phases: [PhaseKey: Histogram] = [:]
    private(set) var outcomes: [VerificationOutcome: Int] = [:]
    private(set) var deliveryAttempts: [AttemptKey: Int] = [:]

    public init() {}

    /// Counts one finished check by its result, and each phase it reached in the duration histograms.
    public func recordCheck(monitor: String, probe: String, observation: Observation) {
        let result = observation.failure?.code.rawValue ?? Observation.Verdict.up.rawValue
        checks[CheckKey(monitor: monitor, probe: probe, result: result), default: 0] += 1
        let timings = observation.phases
        let named: [(String, Double?)] = [("dns", timings.dns), ("connect", timings.connect), ("tls", timings.tls),
                                          ("ttfb", timings.ttfb), ("transfer", timings.transfer),
                                          ("total", timings.total)]
        for case let (phase, ms?) in named {
            phases[PhaseKey(monitor: monitor, phase: phase), default: Histogram(bounds: Histogram.checkSeconds)]
                .observe(ms / 1000)
        }
    }

    /// Counts the lifecycle action's outcome, if it is one (opened, suppressed, resolved).
    func record(_ action: MonitorLifecycle.Action) {
        switch action {
        case .openIncident: outcomes[.confirmed, default: 0] += 1
        case .recordSuppressed: outcomes[.suppressed, default: 0] += 1
        case .resolveIncident: outcomes[.recovered, default: 0] += 1
        case .stateChanged, .requestVerification: break
        }
    }

    /// Counts one alert send by what the delivery policy made of it: `delivered`, `retry` or `failed`.
    public func recordDeliveryAttempt(channel: String, result: String) {
        deliveryAttempts[AttemptKey(channel: channel, result: result), default: 0] += 1
    }

    /// Adds the counted families to `text`.
    func write(to text: inout MetricsText) {
        text.counter("trustmonitor_checks_total",
                     help: "Checks finished by this replica, by result (up or a failure code); every metric is "
                        + "per replica process: scrape every replica.",
                     checks.map { key, count in
                         .init([("monitor", key.monitor), ("probe", key.probe), ("result", key.result)], Double(count))
                     })
        text.histogram("trustmonitor_check_duration_seconds",
                       help: "Check phase durations seen by this replica (dns, connect, tls, ttfb, transfer, total).",
                       phases.map { .init([("monitor", $0.key.monitor), ("phase", $0.key.phase)], $0.value) })
        text.counter("trustmonitor_verification_outcomes_total",
                     help: "Verification outcomes decided by this replica: confirmed (incident opened), "
                        + "suppressed (false alarm recorded), recovered (incident resolved).",
                     VerificationOutcome.allCases.map { .init([("outcome", $0.rawValue)], Double(outcomes[$0] ?? 0)) })
        text.counter("trustmonitor_alert_delivery_attempts_total",
                     help: "Alert sends attempted by this replica, by channel and result (delivered, retry, failed).",
                     deliveryAttempts.map { .init([("channel", $0.key.channel), ("result", $0.key.result)],
                                                  Double($0.value)) })
    }
}
