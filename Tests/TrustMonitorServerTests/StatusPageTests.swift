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
            #expect(html.contains(#"<span class="uptime">75.00% up</span> over 90 days"#))
            #expect(html.contains(#"<a href="/status/incidents/inc_test/bundle">Evidence bundle</a>"#), "the public bundle")
            #expect(html.contains("Confirmed by: 2 of 2 looks saw it down."))
            #expect(html.contains("<li>local, primary look: down (http_5xx)</li>"))
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
        let html = await StatusPageHTML.render(model)
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
        let cells = [(10, 10), (995, 1000), (5, 10), (0, 0)].map { RollupGrid.Cell(checks: $0.1, up: $0.0) }
        let svg = StatusPageCharts.uptimeBars(cells, labels: ["2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25"])
        #expect(svg.contains("#2da44e") && svg.contains("#d4a72c") && svg.contains("#cf222e") && svg.contains("#d0d7de"))
        #expect(svg.contains("aria-label=\"4 days of uptime: 2 with failed checks\""))
        #expect(svg.contains("<title>2026-11-23: 99.50% up</title>"))
        #expect(svg.contains("<title>2026-11-25: no checks</title>"))
        // The figure is rounded down: one failed check in ten thousand is not 100.00%, and 99.90% is the green line.
        #expect(StatusPageCharts.color(.init(checks: 10_000, up: 9_999)) == "#2da44e")
        #expect(StatusPageCharts.color(.init(checks: 10_000, up: 9_989)) == "#d4a72c")
        #expect(PageText.percent(up: 9_999_999, of: 10_000_000) == "99.99%")
        #expect(PageText.percent(up: 29, of: 100) == "29.00%" && PageText.percent(up: 1, of: 0) == nil)
    }

    /// Hours with checks make lines; one alone between gaps is a dot, so it shows; no hour at all says so in words.
    @Test func responseTimesDrawRunsAndLoneHours() {
        func hour(_ ms: Double?) -> RollupGrid.Cell { ms.map { .init(checks: 2, up: 2, totalMsSum: $0 * 2) } ?? .init() }
        let svg = StatusPageCharts.responseTimes([hour(100), hour(50), hour(nil), hour(200), hour(nil)])
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 1 && svg.components(separatedBy: "<circle").count - 1 == 1)
        #expect(svg.contains("aria-label=\"Response time over 24 hours: mean 117 ms, highest 200 ms\""))
        #expect(StatusPageCharts.responseTimes([hour(nil), hour(nil)]).contains("No response times in the last 24 hours."))
    }
}
