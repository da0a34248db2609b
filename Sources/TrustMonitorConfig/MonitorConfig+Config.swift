import TrustMonitorCore
import Yams

/// A monitor read from one item of `monitors:`.
extension MonitorConfig {
    static let configKeys = ["name"] + CheckRequest.configKeys
        + ["interval", "verify", "recover", "paused", "alerts", "tags", "certificate_expiry_warning", "anomaly"]
        + AlertRoute.monitorKeys

    /// What one item yields: the monitor when it has no problem, and, even when it has, the names it
    /// defines and refers to, so the whole-file checks (duplicates, unknown channels) still see them.
    struct Reading {
        var monitor: MonitorConfig?
        var name: NameReference?
        var alertReferences: [NameReference] = []
    }

    static func read(_ node: Node, path: String, reader: ConfigReader) -> Reading {
        guard let mapping = ConfigMapping(node, path: path, known: configKeys, reader: reader) else {
            return Reading()
        }
        var reading = Reading()
        reading.name = NameReference.read(mapping)
        let routes = AlertRoute.read(from: mapping)
        let anomaly = AnomalySettings.read(from: mapping)
        reading.alertReferences = routes.references + anomaly.references
        reading.monitor = reader.unlessProblems {
            let timeout = mapping.duration("timeout", positive: true)
            let request = CheckRequest.read(from: mapping, timeout: timeout)
            let interval = mapping.duration("interval", positive: true)
            let verification = VerificationPolicy.read(from: mapping)
            let paused = mapping.bool("paused")
            let tags = (mapping.strings("tags") ?? []).map(\.text)
            let warning = mapping.duration("certificate_expiry_warning", positive: false)
            checkInterval(interval, covers: timeout, in: mapping)
            guard let name = reading.name, let request, let verification, let anomalySettings = anomaly.settings else {
                return nil
            }
            var monitor = MonitorConfig(
                name: name.name, request: request, interval: interval ?? defaultInterval,
                verification: verification, alerts: routes.routes.map(\.channel), paused: paused ?? false,
                alertRoutes: routes.routes, tags: tags,
                certificateExpiryWarning: warning ?? defaultCertificateExpiryWarning)
            monitor.anomaly = anomalySettings
            return monitor
        }
        reading.monitor?.written = ConfigValue(node)
        return reading
    }

    /// A check still running when the next is due would overlap it; the scheduler would have to skip or
    /// queue checks, and the monitor's rhythm would silently differ from its configuration.
    private static func checkInterval(_ interval: Duration?, covers timeout: Duration?, in mapping: ConfigMapping) {
        let intervalGiven = mapping.node("interval") != nil, timeoutGiven = mapping.node("timeout") != nil
        guard intervalGiven || timeoutGiven else { return }
        guard let interval = intervalGiven ? interval : defaultInterval,
              let timeout = timeoutGiven ? timeout : CheckRequest.defaultTimeout,
              interval < timeout else { return }
        let intervalText = DurationText.format(interval) + (intervalGiven ? "" : " (the default)")
        let timeoutText = DurationText.format(timeout) + (timeoutGiven ? "" : " (the default)")
        mapping.report("interval \(intervalText) is shorter than timeout \(timeoutText): a check could still "
            + "be running when the next is due", key: intervalGiven ? "interval" : "timeout")
    }
}
