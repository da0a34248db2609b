import Testing
import TrustMonitorConfig
import TrustMonitorCore

/// A monitor's `anomaly:` settings: defaults that page nobody, each key typed, each mistake a problem at its key.
@Suite struct AnomalyConfigTests {
    @Test func defaultsWatchEverythingAndAlertNobody() throws {
        let config = try ConfigFixtures.parse("""
            monitors:
              - {name: api, url: "https://api.example.com/health"}
            """)
        #expect(config.monitors[0].anomaly == .default)
        #expect(config.monitors[0].anomaly.enabled && config.monitors[0].anomaly.alerts.isEmpty)
        #expect(config.monitors[0].anomaly.policy == AnomalyPolicy.default)
    }

    @Test func settingsAreRead() throws {
        let config = try ConfigFixtures.parse("""
            monitors:
              - name: api
                url: https://api.example.com/health
                alerts: [pager]
                anomaly: {sensitivity: high, min_duration: 10m, alerts: [chat]}
              - name: noisy
                url: https://noisy.example.com/
                anomaly: {enabled: false}
            alerts:
              - {name: chat, type: slack, url: "http://127.0.0.1:9/hook"}
              - {name: pager, type: pagerduty, routing_key: k}
            """)
        let api = config.monitors[0].anomaly
        #expect(api.sensitivity == .high && api.alerts == ["chat"] && api.minimumDuration == .seconds(600))
        #expect(api.policy.minimumDuration == .seconds(600) && api.policy.minimumFactor == 1.3)
        #expect(api.policy.adoptAfter == .seconds(3600), "adoption stays well after degradation")
        #expect(!config.monitors[1].anomaly.enabled)
    }

    @Test(arguments: [
        ("anomaly: {sensitivity: extreme}", "monitors[0].anomaly.sensitivity", "expected low, normal or high"),
        ("anomaly: {min_duration: 5s}", "monitors[0].anomaly.min_duration", "must be 1m to 24h"),
        ("anomaly: {alerts: [nowhere]}", "monitors[0].anomaly.alerts[0]", "nowhere"),
        ("anomaly: {enabled: maybe}", "monitors[0].anomaly.enabled", "expected true or false"),
        ("anomaly: {sensitive: high}", "monitors[0].anomaly.sensitive", "sensitive"),
        ("anomaly: true", "monitors[0].anomaly", "mapping"),
    ])
    func mistakesAreProblemsAtTheirKey(line: String, path: String, message: String) {
        let problems = ConfigFixtures.problems("""
            monitors:
              - name: api
                url: https://api.example.com/health
                \(line)
            alerts:
              - {name: chat, type: slack, url: "http://127.0.0.1:9/hook"}
            """)
        #expect(problems.contains { $0.path == path && $0.message.contains(message) }, "\(problems)")
    }
}
