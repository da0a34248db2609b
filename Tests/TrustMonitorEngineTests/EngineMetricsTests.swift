import Testing
@testable import TrustMonitorTestSupport
import TrustMonitorEngine

/// A real engine through an outage, read back as its replica's `/metrics` text.
@Suite struct EngineMetricsTests {
    @Test func outageShowsInMetrics() async throws {
        let target = TargetSwitch()
        let server = try await TestServer.start { request in
            target.isDown && request.uri != "/ok" ? .respond(status: 500, body: "boom") : .ok()
        }
        let harness = try await EngineHarness.start(monitors: [("api", server.url("/")), ("fine", server.url("/ok"))])
        let exposition = MetricsExposition(store: harness.store, engine: harness.engine, queue: harness.queue)
        let wasUp = await harness.eventually {
            (try? await exposition.render())?.contains(#"trustmonitor_monitor_up{monitor="api"} 1"#) == true
        }

        target.isDown = true
        var text = ""
        let confirmed = await harness.eventually {
            text = (try? await exposition.render()) ?? ""
            return text.contains(#"trustmonitor_verification_outcomes_total{outcome="confirmed"} 1"#)
                && text.contains(#"trustmonitor_monitor_up{monitor="api"} 0"#)
                // The incident is written before the state: wait for both, or a render between them sees `suspect`.
                && text.contains(#"trustmonitor_monitor_state{monitor="api",state="down"} 1"#)
        }
        try await harness.stop()
        try await server.shutdown()

        #expect(wasUp && confirmed)
        let lines = text.split(separator: "\n").map(String.init)
        func has(prefix: String) -> Bool { lines.contains { $0.hasPrefix(prefix) } }
        #expect(lines.contains(#"trustmonitor_monitor_state{monitor="api",state="down"} 1"#))
        #expect(has(prefix: #"trustmonitor_checks_total{monitor="api",probe="local",result="http_5xx"} "#))
        #expect(has(prefix: #"trustmonitor_checks_total{monitor="api",probe="local",result="up"} "#))
        #expect(lines.contains(#"trustmonitor_verification_outcomes_total{outcome="suppressed"} 0"#))
        #expect(lines.contains(#"trustmonitor_verification_outcomes_total{outcome="recovered"} 0"#))
        let totalChecks = lines.filter { $0.hasPrefix(#"trustmonitor_checks_total{monitor="api","#) }
            .compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }.reduce(0, +)
        let durations = lines.first {
            $0.hasPrefix(#"trustmonitor_check_duration_seconds_count{monitor="api",phase="total"} "#)
        }
        #expect(durations?.split(separator: " ").last.flatMap { Int($0) } == totalChecks)
        #expect(lines.contains(#"trustmonitor_monitor_up{monitor="fine"} 1"#))
        #expect(has(prefix: #"trustmonitor_queue_depth{queue="local"} "#))
        #expect(has(prefix: #"trustmonitor_schedule_lag_seconds{quantile="0.99"} "#))
        #expect(lines.contains("trustmonitor_replica_active 1"))
        #expect(has(prefix: "trustmonitor_ledger_entries ") && !lines.contains("trustmonitor_ledger_entries 0"))
    }
}
