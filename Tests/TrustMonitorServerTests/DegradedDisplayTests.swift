import Foundation
import Testing
import TrustMonitorCore
@testable import TrustMonitorServer
import TrustMonitorStore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `degraded` wherever a state is shown: the API, the status page, the dashboard and badges, each with the
/// explanation; down still beats it; and an ended period leaves the monitor plainly up, its history kept.
@Suite struct DegradedDisplayTests {
    static let explanation = "TLS handshake 4.1x its usual 40 ms for 6 minutes, in 2 of 3 regions"

    @Test func aDegradedMonitorIsShownAsSuchEverywhere() async throws {
        let seeded = try await APIRoutesTests.seed()
        let store = seeded.store
        let slow = try await store.upsertMonitor(name: "slow", endpoint: "https://s.test/", interval: .seconds(30), now: Date())
        try await store.setMonitorState(id: slow.id, state: .up, since: Date())
        let period = try await store.openDegradation(DegradationRecord(
            id: DegradationRecord.makeID(), monitor: slow.id, kind: .latency, startedAt: Date(timeIntervalSinceNow: -360),
            explanation: Self.explanation), alerts: [])

        try await APIRoutesTests.withServer(store) { base in
            let list = try await APIRoutesTests.get(base + "/api/v1/monitors")
            let monitors = try #require(list.json["monitors"] as? [[String: Any]])
            let shown = try #require(monitors.first { $0["name"] as? String == "slow" })
            #expect(shown["state"] as? String == "degraded")
            let open = try #require((shown["degradations"] as? [[String: Any]])?.first)
            #expect(open["explanation"] as? String == Self.explanation && open["kind"] as? String == "latency")
            #expect(open["ended_at"] is NSNull && open["id"] as? String == period.id)
            #expect(monitors.first { $0["name"] as? String == "api" }?["state"] as? String == "down")
            let history = try await APIRoutesTests.get(base + "/api/v1/monitors/slow/degradations")
            #expect((history.json["degradations"] as? [[String: Any]])?.count == 1)
            #expect(try await APIRoutesTests.get(base + "/api/v1/monitors/slow/degradations?from=yesterday").status == 400)

            let status = try await APIRoutesTests.getText(base + "/status")
            #expect(status.contains(#"<p class="banner down" role="status">api is down</p>"#), "down beats degraded")
            #expect(status.contains(#"<span class="state degraded">Degraded</span>"#))
            #expect(status.contains("TLS handshake 4.1x its usual 40 ms for 6 minutes, in 2 of 3 regions"))
            #expect(status.contains("not counted as downtime"))

            #expect(try await APIRoutesTests.getText(base + "/badge/slow/status.svg").contains("degraded"))

            let dashboard = try await APIRoutesTests.getText(base + "/dashboard?state=degraded")
            #expect(dashboard.contains(">slow</a>") && !dashboard.contains(">api</a>"), "the filter keeps degraded only")
            #expect(dashboard.contains(#"<span class="state degraded">Degraded</span>"#))
            let page = try await APIRoutesTests.getText(base + "/dashboard/monitors/\(slow.id)")
            #expect(page.contains(#"<span class="state degraded">Degraded</span>"#))
            #expect(page.contains("Degraded periods") && page.contains("4.1x its usual 40 ms"))
            #expect(page.contains("SLA report: <a href=\"/api/v1/monitors/\(slow.id)/sla?from="), "links to its SLA pages")
            #expect(page.contains("&amp;format=html\">last month</a>"))
        }

        // Ended: up again everywhere, the period kept as history with how it ended.
        try await store.endDegradation(id: period.id, at: Date(), explanation: Self.explanation, ending: "back to usual",
                                       alerts: [])
        try await APIRoutesTests.withServer(store) { base in
            let shown = try await APIRoutesTests.get(base + "/api/v1/monitors/slow")
            #expect(shown.json["state"] as? String == "up")
            #expect((shown.json["degradations"] as? [Any])?.isEmpty == true)
            let history = try await APIRoutesTests.get(base + "/api/v1/monitors/slow/degradations")
            let ended = try #require((history.json["degradations"] as? [[String: Any]])?.first)
            #expect(ended["ending"] as? String == "back to usual" && ended["ended_at"] is String)
            #expect(try await APIRoutesTests.getText(base + "/badge/slow/status.svg").contains(">up<"))
            let status = try await APIRoutesTests.getText(base + "/status")
            #expect(!status.contains("state degraded"))
        }
        try await store.close()
    }
}
