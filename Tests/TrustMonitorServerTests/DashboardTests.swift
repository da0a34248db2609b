import Foundation
import Testing
import TrustMonitorCore
@testable import TrustMonitorServer
import TrustMonitorStore
@testable import TrustMonitorTestSupport

/// The dashboard's pages as models read from a seeded store and the HTML made from them: what each says, where
/// it links, and that nothing stored can break out of the markup.
@Suite struct DashboardTests {
    static let viewer = DashboardViewer(name: "ops <team>", csrfToken: "csrf\"<tok>")

    @Test func theListCountsStatesAndShowsEachMonitorsLastCheck() async throws {
        let fixture = try await DashboardFixture.make()
        defer { Task { try? await fixture.store.close() } }
        let model = try await MonitorListModel.load(store: fixture.store, sources: fixture.sources,
                                                    filter: .init(), now: fixture.now)
        #expect(model.total == 4)
        #expect(model.counts == [.down: 1, .up: 1, .paused: 1, .pending: 1])
        #expect(model.rows.map(\.name) == ["api", "batch", "fresh", DashboardFixture.hostileName])
        #expect(model.tags == ["batch", "core", "eu"])
        let api = try #require(model.rows.first { $0.id == fixture.api.id })
        #expect(api.state == .down && api.openIncident == "inc_dash")
        // The newest check is eu-1's verification; the day's uptime counts the 3 scheduled checks only.
        #expect(api.latest?.probe == "eu-1" && api.latest?.totalMs == 120 && api.latest?.failureCode == .http5xx)
        #expect(api.day.checks == 3 && api.day.up == 2)
        #expect(model.rows.first { $0.id == fixture.fresh.id }?.latest == nil)

        let html = MonitorListHTML.render(model, viewer: Self.viewer)
        #expect(html.contains("<a href=\"/dashboard/monitors/\(fixture.api.id)\">api</a>"))
        #expect(html.contains("<a href=\"/dashboard/incidents/inc_dash\">open incident</a>"))
        #expect(html.contains("66.66% <span class=\"meta\">of 3</span>"), "2 of 3 up, rounded down")
        #expect(html.contains("120 ms <span class=\"meta\">http_5xx</span>"))
        #expect(html.contains("<span class=\"state down\">Down</span> <strong>1</strong>"))
        #expect(html.contains("<span class=\"state suspect\">Suspect</span> <strong>0</strong>"))
        #expect(html.contains("<td>core, eu</td>"))
        Self.expectSafe(html)
        #expect(html.contains("web&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;&amp;"))
    }

    @Test func filtersNarrowTheRowsButNotTheCounts() async throws {
        let fixture = try await DashboardFixture.make()
        defer { Task { try? await fixture.store.close() } }
        func names(_ filter: MonitorListModel.Filter) async throws -> [String] {
            let model = try await MonitorListModel.load(store: fixture.store, sources: fixture.sources, filter: filter,
                                                        now: fixture.now)
            #expect(model.total == 4 && model.counts[.up] == 1, "counts are over every monitor")
            return model.rows.map(\.name)
        }
        #expect(try await names(.init(state: .down)) == ["api"])
        #expect(try await names(.init(tag: "eu")) == ["api", DashboardFixture.hostileName])
        #expect(try await names(.init(search: "SCRIPT")) == [DashboardFixture.hostileName])
        #expect(try await names(.init(state: .up, tag: "core")) == [])
        #expect(try await names(.init(tag: "nope")) == [])

        let parsed = try MonitorListModel.Filter.parse { ["state": "paused", "tag": " eu ", "q": ""][$0] }
        #expect(parsed == .init(state: .paused, tag: "eu", search: nil))
        #expect(try MonitorListModel.Filter.parse { _ in "" }.isEmpty)
        #expect(throws: APIError.self) { try MonitorListModel.Filter.parse { $0 == "state" ? "sideways" : nil } }
        #expect(throws: APIError.self) { try MonitorListModel.Filter.parse { $0 == "q" ? String(repeating: "x", count: 201) : nil } }

        let model = try await MonitorListModel.load(store: fixture.store, sources: fixture.sources,
                                                    filter: .init(state: .down, tag: "core", search: "a\"p"), now: fixture.now)
        let html = MonitorListHTML.render(model, viewer: nil)
        #expect(html.contains("<option value=\"down\" selected>Down</option>"))
        #expect(html.contains("<option value=\"core\" selected>core</option>"))
        #expect(html.contains("name=\"q\" value=\"a&quot;p\""))
        #expect(html.contains("No monitor matches; <a href=\"/dashboard\">show all</a>."))
        #expect(html.contains("0 of 4 monitors (filtered)"))
    }

    @Test func theMonitorPageShowsPhasesProbesConditionsAndIncidents() async throws {
        let fixture = try await DashboardFixture.make()
        defer { Task { try? await fixture.store.close() } }
        let model = try #require(try await MonitorPageModel.load(store: fixture.store, sources: fixture.sources,
                                                                 id: fixture.api.id, now: fixture.now))
        #expect(model.samples.count == 4)
        #expect(model.samples.first?.observation.verdict == .up && model.samples.last?.probe == "eu-1", "oldest first")
        #expect(model.probes.map(\.probe) == ["eu-1", "local"])
        #expect(model.probes.map(\.region) == ["eu", nil])
        #expect(model.conditions.map(\.condition) == ["[STATUS] == 200", "[RESPONSE_TIME] < 500"])
        #expect(model.conditions[0].result?.success == false && model.conditions[0].result?.actual == "503")
        #expect(model.conditions[1].result == nil, "not judged by the newest check")
        #expect(model.incidents.map(\.id) == ["inc_dash"])
        #expect(model.tags == ["core", "eu"])
        #expect(try await MonitorPageModel.load(store: fixture.store, sources: fixture.sources, id: "mon_nope", now: fixture.now) == nil)

        let html = MonitorPageHTML.render(model, viewer: Self.viewer)
        #expect(html.contains("<svg class=\"phases\""))
        #expect(html.contains("aria-label=\"Phase times of the last 4 checks, oldest first: median total 120 ms"))
        // Five phases stacked per check, and a red mark under each of the two failed ones.
        #expect(html.components(separatedBy: "fill=\"#bf8700\"").count - 1 == 4)
        #expect(html.components(separatedBy: "height=\"4\" fill=\"#cf222e\"").count - 1 == 2)
        #expect(html.contains("<th scope=\"col\" class=\"num\">First byte</th>"))
        #expect(html.contains("<th scope=\"row\">eu-1</th><td>eu</td><td>verification</td>"))
        #expect(html.contains("<code>[STATUS] == 200</code></th><td><span class=\"state fail\">Fail</span></td><td><code>503</code>"))
        #expect(html.contains("Not judged"))
        #expect(html.contains("<a href=\"/dashboard/incidents/inc_dash\">inc_dash</a>"))
        #expect(html.contains("Defined in the configuration file"))
        #expect(!html.contains("/pause\""), "no pause for a configured monitor")
        Self.expectSafe(html)

        // Without definitions (a standby), the conditions are those the newest check judged.
        let standby = try #require(try await MonitorPageModel.load(store: fixture.store, sources: DashboardSources(),
                                                                   id: fixture.api.id, now: fixture.now))
        #expect(standby.conditions.map(\.condition) == ["[STATUS] == 200"] && standby.tags.isEmpty)
    }

    @Test func theIncidentPageTellsWhoSignedWhatAndWhereItIsInTheLedger() async throws {
        let fixture = try await DashboardFixture.make()
        defer { Task { try? await fixture.store.close() } }
        let model = try #require(try await IncidentPageModel.load(store: fixture.store, id: fixture.incidentID, now: fixture.now))
        #expect(model.looks.map(\.verdict.probe) == ["local", "eu-1", "us-1"])
        #expect(model.looks[0].signature == .unsigned)
        guard case .verified(let key, true) = model.looks[1].signature else {
            Issue.record("eu-1's look: \(model.looks[1].signature)")
            return
        }
        #expect(key.hasPrefix("eu-1+"))
        guard case .verified(_, false) = model.looks[2].signature else {
            Issue.record("us-1's look is signed with a key it never registered: \(model.looks[2].signature)")
            return
        }
        #expect(model.deliveries.map(\.channel) == ["oncall"])
        #expect(model.acknowledgement == nil && model.comments.isEmpty)
        #expect(model.ledger.map(\.type) == ["incident.opened", "incident.verified", "incident.verified", "incident.verified"])
        #expect(model.fullyCovered && model.checkpoint?.size == model.ledger.last.map { $0.seq + 1 })
        #expect(try await IncidentPageModel.load(store: fixture.store, id: "inc_nope", now: fixture.now) == nil)

        let html = IncidentPageHTML.render(model, viewer: Self.viewer)
        #expect(html.contains("<ol class=\"timeline\">"))
        #expect(html.contains("<strong>Opened</strong>: http_5xx (application), HTTP 503"))
        #expect(html.contains("<strong>Verification</strong> by eu-1 in region eu"))
        #expect(html.contains("Signature verified"))
        #expect(html.contains("Unregistered key"))
        #expect(html.contains("<strong>Alert</strong> opened to oncall <span class=\"state pending\">pending</span>"))
        #expect(html.contains("<a href=\"/api/v1/incidents/inc_dash/bundle\">Evidence bundle</a>"))
        #expect(html.contains("<form method=\"post\" action=\"/dashboard/incidents/inc_dash/ack\">"
            + "<input type=\"hidden\" name=\"csrf_token\" value=\"csrf&quot;&lt;tok&gt;\">"))
        #expect(html.contains("every entry of this incident is in it."))
        #expect(html.contains("<pre>&lt;b&gt;down&lt;/b&gt;</pre>"), "the body excerpt is shown as text")
        #expect(html.contains("No comments yet."))
        #expect(html.contains("<form method=\"post\" action=\"/dashboard/incidents/inc_dash/comments\">"))
        Self.expectSafe(html)

        _ = try await fixture.store.acknowledgeIncident(id: fixture.incidentID, by: "night <shift>", at: fixture.now)
        let acked = try #require(try await IncidentPageModel.load(store: fixture.store, id: fixture.incidentID, now: fixture.now))
        let ackedHTML = IncidentPageHTML.render(acked, viewer: Self.viewer)
        #expect(ackedHTML.contains("Acknowledged by <strong>night &lt;shift&gt;</strong>"))
        #expect(!ackedHTML.contains("/ack\">"), "no second acknowledgement form")
    }

    @Test func entriesAfterTheLatestCheckpointAwaitOne() {
        let incident = IncidentFixtures.incident(id: "inc_x", monitor: "mon_x", at: Date(timeIntervalSince1970: 1_790_000_000))
        let model = IncidentPageModel(
            generatedAt: Date(), incident: incident, looks: [], recoveries: [], deliveries: [], acknowledgement: nil,
            comments: [], ledger: [.init(seq: 4, type: "incident.opened", covered: true),
                                   .init(seq: 9, type: "incident.verified", covered: false)], checkpoint: (5, nil))
        #expect(!model.fullyCovered)
        let html = IncidentPageHTML.ledger(model)
        #expect(html.contains("Awaiting a checkpoint") && html.contains("In the latest checkpoint"))
        #expect(html.contains("entries after it are covered by the next one"))
    }

    @Test func theProbesAndLedgerPagesShowHealthKeysAndWitnesses() async throws {
        let fixture = try await DashboardFixture.make()
        defer { Task { try? await fixture.store.close() } }
        let probes = try await ProbesPageModel.load(store: fixture.store, now: fixture.now)
        #expect(probes.probes.map(\.record.name) == ["ap-1", "eu-1", "us-1"])
        #expect(probes.probes.map(\.health) == [.offline, .healthy, .impaired])
        let probesHTML = ProbesPageHTML.render(probes, viewer: Self.viewer)
        #expect(probesHTML.contains("3 probes in 3 regions: ap, eu, us"))
        #expect(probesHTML.contains("<span class=\"state impaired\">Failing</span> canary &lt;unreachable&gt;"))
        #expect(probesHTML.contains("not registered yet"))
        #expect(probesHTML.contains("<code>witness-eu-1+"))
        Self.expectSafe(probesHTML)

        let ledger = try await LedgerPageModel.load(store: fixture.store)
        let head = try #require(ledger.head)
        let ledgerSize = try await fixture.store.ledgerSize()
        #expect(head.origin == "dash.test/ledger" && head.size == ledgerSize)
        #expect(head.recordedAt != nil)
        #expect(head.signers.map(\.kind).first == .log)
        guard case .witness(let probe, let at, let verified) = head.signers.last?.kind else {
            Issue.record("no witness cosignature: \(head.signers)")
            return
        }
        #expect(probe == "eu-1" && verified && at != nil)
        #expect(ledger.witnesses == 1)
        let ledgerHTML = LedgerPageHTML.render(ledger, viewer: Self.viewer)
        #expect(ledgerHTML.contains("Witness cosignature by probe eu-1"))
        #expect(ledgerHTML.contains("<span class=\"state verified\">Verified</span>"))
        #expect(ledgerHTML.contains("The log's own signature"))
        Self.expectSafe(ledgerHTML)
    }

    @Test func everyPageHasTheFrameWithWhoIsSignedInAndSignOut() {
        let html = DashboardFrame.render(title: "T<", section: .probes, viewer: Self.viewer, body: "<p>body</p>")
        #expect(html.contains("<title>T&lt; · TrustMonitor</title>"))
        #expect(html.contains("<nav aria-label=\"Dashboard\">"))
        #expect(html.contains("<a href=\"/dashboard/probes\" aria-current=\"page\">Probes</a>"))
        #expect(html.contains("Signed in as <strong>ops &lt;team&gt;</strong>"))
        #expect(html.contains("<form method=\"post\" action=\"/logout\" class=\"inline\">"
            + "<input type=\"hidden\" name=\"csrf_token\" value=\"csrf&quot;&lt;tok&gt;\"><button type=\"submit\">Sign out</button></form>"))
        #expect(html.contains("<main id=\"main\">") && html.contains("<meta name=\"viewport\""))
        let anonymous = DashboardFrame.render(title: "T", section: .monitors, viewer: nil, body: "")
        #expect(!anonymous.contains("Sign out"))
    }

    /// Self-contained and accessible: no script, nothing from another origin, every chart labelled, nothing a
    /// stored value could have opened.
    static func expectSafe(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!html.contains("<script"), sourceLocation: sourceLocation)
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("url(http"),
                sourceLocation: sourceLocation)
        let charts = html.components(separatedBy: "<svg").count - 1
        #expect(charts == html.components(separatedBy: "role=\"img\" aria-label=\"").count - 1, sourceLocation: sourceLocation)
        #expect(html.contains("<main") && html.contains("<h1"), sourceLocation: sourceLocation)
    }
}
