import Foundation
import Testing
import TrustMonitorCore
@testable import TrustMonitorServer
import TrustMonitorStore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The public status page over HTTP: what it says about each monitor and incident, self-contained (nothing
/// fetched from elsewhere), and every chart with a text equivalent.
@Suite struct StatusPageTests {
    @Test func thePageShowsStatesUptimeAndIncidentsWithTheirEvidence() async throws {
        let seeded = try await APIRoutesTests.seed()
        let quiet = try await seeded.store.upsertMonitor(name: "quiet <b>", endpoint: "http://b.test/", interval: .seconds(30),
                                                         now: Date())
        try await seeded.store.setMonitorState(id: quiet.id, state: .up, since: Date())
        for up in [true, true, true, false] {
            try await seeded.store.recordObservation(ObservationRecord(monitor: quiet.id, probe: "local", role: .primary,
                                                                       observation: AgentRoutesTests.observation(up: up)))
        }
        try await APIRoutesTests.withServer(seeded.store) { base in
            let (data, response) = try await URLSession.shared.data(from: try #require(URL(string: base + "/status")))
            let http = try #require(response as? HTTPURLResponse)
            let html = String(decoding: data, as: UTF8.self)
            #expect(http.statusCode == 200)
            #expect(http.value(forHTTPHeaderField: "Content-Type") == "text/html; charset=utf-8")
            // The seeded incident keeps `api` down.
            #expect(html.contains(#"<p class="banner down" role="status">api is down</p>"#))
            #expect(html.contains(#"<span class="state down">Down</span>"#))
            #expect(html.contains("quiet &lt;b&gt;"), "names are escaped")
            #expect(!html.contains("quiet <b>"))
            #expect(html.contains(#"<span class="uptime">75.00%</span> up over 90 days"#))
            #expect(html.contains(#"href="/api/v1/incidents/inc_test/bundle""#))
            #expect(html.contains("<strong>ongoing</strong>"))
            #expect(html.contains("Confirmed by:"))
            // Self-contained: no script, and nothing loaded from another origin.
            #expect(!html.contains("<script"))
            #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("url(http"))
            // Every chart has a text equivalent.
            let charts = html.components(separatedBy: "<svg").count - 1
            let labelled = html.components(separatedBy: #"role="img" aria-label=""#).count - 1
            #expect(charts >= 2 && charts == labelled)
        }
        try await seeded.store.close()
    }

    /// Configured groups show only the monitors they list, under their headings, and only those monitors'
    /// incidents: a public page must not tell of a monitor it does not show.
    @Test func groupsShowOnlyTheirMonitorsAndTheirIncidents() async throws {
        let seeded = try await APIRoutesTests.seed()
        _ = try await seeded.store.upsertMonitor(name: "web", endpoint: "http://w.test/", interval: .seconds(30), now: Date())
        let layout = StatusPageLayout(title: "Acme <status>", groups: [("Front end", ["web"])])
        let model = try await StatusPageModel.load(store: seeded.store, layout: layout, now: Date())
        let html = StatusPageHTML.render(model)
        try await seeded.store.close()
        #expect(model.monitors.map(\.name) == ["web"])
        #expect(model.incidents.isEmpty, "the hidden monitor's incident is not shown")
        #expect(html.contains("<title>Acme &lt;status&gt;</title>"))
        #expect(html.contains(#"<h3 class="group">Front end</h3>"#))
        #expect(html.contains("<h4>web "))
        #expect(!html.contains("inc_test") && !html.contains("a.test"))
        #expect(html.contains("No incidents recorded."))
    }

    @Test func barsAreColouredByTheDaysUptime() {
        let day = Date(timeIntervalSince1970: 1_764_000_000)
        let svg = StatusPageCharts.uptimeBars([(day, 10, 10), (day, 995, 1000), (day, 5, 10), (day, 0, 0)])
        #expect(svg.contains("#2da44e") && svg.contains("#d4a72c") && svg.contains("#cf222e") && svg.contains("#d0d7de"))
        #expect(svg.contains("aria-label=\"4 days of uptime: 2 with failed checks\""))
        #expect(svg.contains("99.50% up"))
    }
}
