import Foundation
import Testing
import TrustMonitorConfig
import TrustMonitorCore

/// Alert routes with their reminder and escalation policies, tags, certificate warnings, maintenance windows and
/// the public URL: parsed into typed values, and every mistake a clear problem at its key.
@Suite struct AlertPolicyConfigTests {
    static let channels = """
        alerts:
          - {name: chat, type: slack, url: "http://127.0.0.1:9/hook"}
          - {name: pager, type: pagerduty, routing_key: k}
          - {name: boss, type: webhook, url: "http://127.0.0.1:9/boss"}
        """

    @Test func routesTakeTheMonitorsPolicyUnlessTheyHaveTheirOwn() throws {
        let config = try ConfigFixtures.parse("""
            server: {public_url: "https://status.example.com/"}
            monitors:
              - name: api
                url: https://api.example.com/health
                tags: [edge, eu]
                reminder: 30m
                escalate_after: 15m
                escalate_to: [boss]
                certificate_expiry_warning: 21d
                alerts:
                  - chat
                  - {name: pager, reminder: 5m, escalate_after: 1h, escalate_to: [boss, chat]}
              - name: db
                url: tcp://db.internal:5432
                alerts: [chat]
            \(Self.channels)
            """)
        #expect(config.server.publicURL == "https://status.example.com")
        let api = config.monitors[0]
        #expect(api.alerts == ["chat", "pager"])
        #expect(api.tags == ["edge", "eu"])
        #expect(api.certificateExpiryWarning == .seconds(21 * 86_400))
        #expect(api.alertRoutes == [
            AlertRoute(channel: "chat", reminder: .seconds(1800), escalateAfter: .seconds(900), escalateTo: ["boss"]),
            AlertRoute(channel: "pager", reminder: .seconds(300), escalateAfter: .seconds(3600), escalateTo: ["boss", "chat"]),
        ])
        let db = config.monitors[1]
        #expect(db.alertRoutes == [AlertRoute(channel: "chat")])
        #expect(db.certificateExpiryWarning == MonitorConfig.defaultCertificateExpiryWarning)
    }

    @Test func maintenanceWindowsAreReadWithTheirMonitorsAndTags() throws {
        let config = try ConfigFixtures.parse("""
            monitors:
              - {name: api, url: "https://api.example.com/", tags: [edge]}
            maintenance:
              - {name: nightly, start: "2026-12-01T02:00:00Z", duration: 1h, every: 24h, monitors: [api]}
              - {name: move, start: "2026-12-05T10:00:00Z", duration: 3h, tags: [edge]}
            """)
        #expect(config.maintenance == [
            MaintenanceWindow(name: "nightly", start: try #require(RFC3339.parse("2026-12-01T02:00:00Z")),
                              duration: .seconds(3600), every: .seconds(86_400), monitors: ["api"]),
            MaintenanceWindow(name: "move", start: try #require(RFC3339.parse("2026-12-05T10:00:00Z")),
                              duration: .seconds(3 * 3600), tags: ["edge"]),
        ])
    }

    @Test func failedAuthLimitDefaultsToFiveAndZeroTurnsItOff() throws {
        #expect(try ConfigFixtures.parse("monitors: []").server.failedAuthLimit == 5)
        #expect(try ConfigFixtures.parse("server: {failed_auth_limit: 0}").server.failedAuthLimit == 0)
        #expect(try ConfigFixtures.parse("server: {failed_auth_limit: 50}").server.failedAuthLimit == 50)
    }

    @Test(arguments: [
        ("monitors:\n  - {name: api, url: \"https://a.example/\", alerts: [nope]}", "monitors[0].alerts[0]", "nope"),
        ("monitors:\n  - {name: api, url: \"https://a.example/\", alerts: [{name: chat, escalate_to: [gone], escalate_after: 5m}]}\n" + channels,
         "monitors[0].alerts[0].escalate_to[0]", "gone"),
        ("monitors:\n  - {name: api, url: \"https://a.example/\", alerts: [chat], escalate_after: 5m}\n" + channels,
         "monitors[0].escalate_after", "go together"),
        ("monitors:\n  - {name: api, url: \"https://a.example/\", alerts: [{name: chat, remind: 5m}]}\n" + channels,
         "monitors[0].alerts[0].remind", "remind"),
        ("maintenance:\n  - {name: m, start: tomorrow, duration: 1h}", "maintenance[0].start", "RFC 3339"),
        ("maintenance:\n  - {name: m, start: \"2026-12-01T02:00:00Z\"}", "maintenance[0].duration", "duration"),
        ("maintenance:\n  - {name: m, start: \"2026-12-01T02:00:00Z\", duration: 2h, every: 1h}", "maintenance[0].duration", "overlap"),
        ("maintenance:\n  - {name: m, start: \"2026-12-01T02:00:00Z\", duration: 1h, monitors: [ghost]}", "maintenance[0].monitors[0]", "ghost"),
        ("server: {public_url: \"tcp://x:1\"}", "server.public_url", "http"),
        ("server: {failed_auth_limit: -1}", "server.failed_auth_limit", "0"),
        ("server: {failed_auth_limit: lots}", "server.failed_auth_limit", "integer"),
    ])
    func mistakesAreProblemsAtTheirKey(yaml: String, path: String, words: String) {
        let problems = ConfigFixtures.problems(yaml)
        #expect(problems.contains { $0.path == path && $0.message.contains(words) },
                "expected a problem at \(path) mentioning '\(words)', got \(problems.map { "\($0.path): \($0.message)" })")
    }
}
