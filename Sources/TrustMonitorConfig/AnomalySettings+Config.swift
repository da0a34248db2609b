import TrustMonitorCore

/// A monitor's `anomaly: {enabled, sensitivity, min_duration, alerts}`.
extension AnomalySettings {
    static let keys = ["enabled", "sensitivity", "min_duration", "alerts"]
    /// Shorter and a few slow checks would be "sustained"; longer and a slowdown hides for most of a shift.
    static let durationRange = Duration.seconds(60)...Duration.seconds(86_400)

    /// The settings, with the default for each key left out, and the channels `alerts` names (checked against
    /// `alerts:` with the monitor's own channel references); nil settings on any problem.
    static func read(from monitor: ConfigMapping) -> (settings: AnomalySettings?, references: [NameReference]) {
        guard let anomaly = monitor.mapping("anomaly", known: keys) else { return (.default, []) }
        let references = (anomaly.strings("alerts") ?? []).map {
            NameReference(name: $0.text, path: $0.path, position: $0.node.position)
        }
        let settings = monitor.reader.unlessProblems { () -> AnomalySettings? in
            var settings = AnomalySettings.default
            if let enabled = anomaly.bool("enabled") { settings.enabled = enabled }
            if let sensitivity = anomaly.value("sensitivity", { text throws(ConfigValueError) in
                guard let value = Sensitivity(rawValue: text.trimming(" \t").lowercased()) else {
                    throw ConfigValueError("expected low, normal or high, found '\(text)'")
                }
                return value
            }) { settings.sensitivity = sensitivity }
            if let duration = anomaly.duration("min_duration", positive: true) {
                if Self.durationRange.contains(duration) {
                    settings.minimumDuration = duration
                } else {
                    anomaly.report("must be 1m to 24h (found \(DurationText.format(duration)))", key: "min_duration")
                }
            }
            settings.alerts = references.map(\.name)
            settings.policy = Self.policy(sensitivity: settings.sensitivity, minimumDuration: settings.minimumDuration)
            return settings
        }
        return (settings, references)
    }
}
