public import TrustMonitorConfig
public import TrustMonitorEngine

extension MonitorDefinition {
    /// The engine's form of a monitor from the file or the API, under its stored id.
    /// - Parameter paused: the API's pause flag, which overrides the definition's own `paused`.
    public init(_ monitor: MonitorConfig, id: String, paused: Bool? = nil) {
        self.init(id: id, name: monitor.name, request: monitor.request, interval: monitor.interval,
                  verification: monitor.verification, paused: paused ?? monitor.paused,
                  alertRoutes: monitor.alertRoutes, tags: monitor.tags,
                  certificateExpiryWarning: monitor.certificateExpiryWarning, anomaly: monitor.anomaly)
    }
}
