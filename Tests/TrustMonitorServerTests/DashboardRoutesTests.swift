import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorLedger
@testable import TrustMonitorServer
import TrustMonitorStore
@testable import TrustMonitorTestSupport

/// The dashboard and the status page's bundles over a real socket: who gets which answer, a form posted from a
/// signed-in browser with its session's CSRF token, and a public bundle only for an incident the page shows.
@Suite struct DashboardRoutesTests {
    @Test func pagesAnswerHTMLToATokenAndSendABrowserToSignIn() async throws {
        let fixture = try await DashboardFixture.make()
        try await APIRoutesTests.withServer(fixture.store, dashboard: fixture.sources) { base in
            let anonymous = try await TestHTTP.send("GET", base + "/dashboard/monitors/\(fixture.api.id)")
            #expect(anonymous.status == 303 && anonymous.header("Location")?.hasPrefix("/login") == true)
            let token = APIRoutesTests.adminToken
            for path in ["/dashboard", "/dashboard?state=down&tag=core&q=a", "/dashboard/monitors/\(fixture.api.id)",
                         "/dashboard/incidents/inc_dash", "/dashboard/probes", "/dashboard/ledger"] {
                let page = try await TestHTTP.send("GET", base + path, bearer: token)
                #expect(page.status == 200, "\(path): \(page.text.prefix(300))")
                #expect(page.header("Content-Type") == "text/html; charset=utf-8" && page.header("Cache-Control") == "no-store")
                #expect(page.text.contains("Signed in as <strong>test-admin</strong>"), "\(path)")
                DashboardTests.expectSafe(page.text)
            }
            let list = try await TestHTTP.send("GET", base + "/dashboard?tag=eu", bearer: token).text
            #expect(list.contains(">api</a>") && !list.contains(">batch</a>"), "tags from the running definitions")
            let missing = try await TestHTTP.send("GET", base + "/dashboard/monitors/mon_nope", bearer: token)
            #expect(missing.status == 404 && missing.text.contains("No monitor &apos;mon_nope&apos;."))
            let incident = try await TestHTTP.send("GET", base + "/dashboard/incidents/a'%3Cb%3E", bearer: token)
            #expect(incident.status == 404 && incident.text.contains("No incident &apos;a&apos;"), "\(incident.text)")
            #expect(!incident.text.contains("<b>"))
            let bad = try await TestHTTP.send("GET", base + "/dashboard?state=sideways", bearer: token)
            #expect(bad.status == 400 && bad.errorCode == "invalid_parameter")
        }
        try await fixture.store.close()
    }

    @Test func aSignedInFormAcknowledgesWithItsSessionsCSRFToken() async throws {
        let fixture = try await DashboardFixture.make()
        try await APIRoutesTests.withServer(fixture.store, dashboard: fixture.sources) { base in
            let signIn = try await TestHTTP.send("POST", base + "/login", form: [("token", APIRoutesTests.adminToken)])
            #expect(signIn.status == 303)
            let cookie = try #require(signIn.header("Set-Cookie")?.split(separator: ";").first.map(String.init))
            let page = try await TestHTTP.send("GET", base + "/dashboard/incidents/inc_dash", cookie: cookie)
            #expect(page.status == 200 && page.text.contains("<button type=\"submit\">Acknowledge</button>"))
            // The CSRF token as a browser has it: in the page's forms.
            let csrf = try #require(page.text.firstMatch(of: /name="csrf_token" value="([^"]+)"/).map { String($0.1) })
            let ack = base + "/dashboard/incidents/inc_dash/ack"

            let without = try await TestHTTP.send("POST", ack, cookie: cookie, form: [])
            #expect(without.status == 403 && without.errorCode == "csrf")
            #expect(try await fixture.store.incidentAcknowledgement(id: "inc_dash") == nil)
            let json = try await TestHTTP.send("POST", ack, cookie: cookie, headers: ["X-CSRF-Token": csrf], json: "{}")
            #expect(json.status == 415 && json.errorCode == "unsupported_media_type")

            let done = try await TestHTTP.send("POST", ack, cookie: cookie, form: [("csrf_token", csrf)])
            #expect(done.status == 303 && done.header("Location") == "/dashboard/incidents/inc_dash#ack")
            #expect(try await fixture.store.incidentAcknowledgement(id: "inc_dash")?.by == "test-admin")
            let after = try await TestHTTP.send("GET", base + "/dashboard/incidents/inc_dash", cookie: cookie)
            #expect(after.text.contains("Acknowledged by <strong>test-admin</strong>"))

            let unknown = try await TestHTTP.send("POST", base + "/dashboard/incidents/inc_nope/ack", cookie: cookie,
                                                  form: [("csrf_token", csrf)])
            #expect(unknown.status == 404)
        }
        try await fixture.store.close()
    }

    /// Comments through the page's form: trimmed, bounded, shown in the timeline; an empty one is refused.
    @Test func aCommentFormAddsToTheIncident() async throws {
        let fixture = try await DashboardFixture.make()
        try await APIRoutesTests.withServer(fixture.store, dashboard: fixture.sources) { base in
            let url = base + "/dashboard/incidents/inc_dash/comments", token = APIRoutesTests.adminToken
            let posted = try await TestHTTP.send("POST", url, bearer: token, form: [("text", "  restarted <db>  ")])
            #expect(posted.status == 303 && posted.header("Location") == "/dashboard/incidents/inc_dash#comments")
            for text in ["   ", String(repeating: "x", count: 4001)] {
                let refused = try await TestHTTP.send("POST", url, bearer: token, form: [("text", text)])
                #expect(refused.status == 400 && refused.errorCode == "invalid_body")
            }
            #expect(try await TestHTTP.send("POST", base + "/dashboard/incidents/inc_nope/comments", bearer: token,
                                            form: [("text", "hi")]).status == 404)
            let comments = try await fixture.store.incidentComments(incident: "inc_dash")
            #expect(comments.map(\.text) == ["restarted <db>"] && comments.first?.by == "test-admin")
            let page = try await TestHTTP.send("GET", base + "/dashboard/incidents/inc_dash", bearer: token).text
            #expect(page.contains("<strong>Comment</strong> by test-admin: restarted &lt;db&gt;"))
        }
        try await fixture.store.close()
    }

    /// Pause and resume from a monitor's page: offered and done for a monitor the API owns, refused for the file's.
    @Test func anAPIMonitorIsPausedAndResumedFromItsPage() async throws {
        try await MonitorAdminHarness.with { harness in
            let created = try await harness.send("POST", "/monitors", #"{"name": "shop", "url": "http://127.0.0.1:1/"}"#)
            #expect(created.status == 201)
            let id = try #require(created.json["id"] as? String)
            let base = String(harness.base.dropLast("/api/v1".count)), token = MonitorAdminHarness.token
            let page = try await TestHTTP.send("GET", base + "/dashboard/monitors/\(id)", bearer: token)
            #expect(page.text.contains("<form method=\"post\" action=\"/dashboard/monitors/\(id)/pause\">"))
            let paused = try await TestHTTP.send("POST", base + "/dashboard/monitors/\(id)/pause", bearer: token, form: [])
            #expect(paused.status == 303 && paused.header("Location") == "/dashboard/monitors/\(id)")
            #expect(try await harness.store.monitor(id: id)?.paused == true)
            let after = try await TestHTTP.send("GET", base + "/dashboard/monitors/\(id)", bearer: token).text
            #expect(after.contains("/resume\">") && after.contains("paused: not checked until resumed"))
            _ = try await TestHTTP.send("POST", base + "/dashboard/monitors/\(id)/resume", bearer: token, form: [])
            #expect(try await harness.store.monitor(id: id)?.paused == false)

            let file = try #require(try await harness.store.monitors().first { $0.name == "web" })
            let filePage = try await TestHTTP.send("GET", base + "/dashboard/monitors/\(file.id)", bearer: token).text
            #expect(filePage.contains("Defined in the configuration file") && !filePage.contains("/pause\""))
            let refused = try await TestHTTP.send("POST", base + "/dashboard/monitors/\(file.id)/pause", bearer: token, form: [])
            #expect(refused.status == 409 && refused.errorCode == "config_owned")
        }
    }

    /// The status page links each incident to `/status/incidents/{id}/bundle`, public, for the incidents of the
    /// monitors it shows; any other incident is a 404, as if it did not exist.
    @Test func theStatusPageServesBundlesOfTheIncidentsItShowsOnly() async throws {
        let log = try NoteSigner.generate(name: "dash.test/ledger", type: .ed25519)
        let report = try NoteSigner.generate(name: "dash.test/report", type: .ed25519)
        let directory = NSTemporaryDirectory() + "tm-dash-bundle-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try await SQLiteStore.open(path: directory + "/bundle.db")
        try await store.migrate()
        let api = try await store.upsertMonitor(name: "api", endpoint: "http://a.test/", interval: .seconds(30), now: Date())
        let hidden = try await store.upsertMonitor(name: "hidden", endpoint: "http://h.test/", interval: .seconds(30), now: Date())
        _ = try await store.openIncident(IncidentFixtures.incident(id: "inc_shown", monitor: api.id, at: Date()), alerts: [])
        _ = try await store.openIncident(IncidentFixtures.incident(id: "inc_hidden", monitor: hidden.id, at: Date()), alerts: [])
        let checkpoints = CheckpointPublisher(store: store, signer: log)
        try await APIRoutesTests.withServer(store, checkpoints: checkpoints, reportSigner: report,
                                            statusPage: StatusPageLayout(groups: [("API", ["api"])])) { base in
            let page = try await TestHTTP.send("GET", base + "/status")
            #expect(page.text.contains("<a href=\"/status/incidents/inc_shown/bundle\">Evidence bundle</a>"))
            #expect(!page.text.contains("inc_hidden"))
            let bundle = try await TestHTTP.send("GET", base + "/status/incidents/inc_shown/bundle")
            #expect(bundle.status == 200 && bundle.header("Content-Type") == "application/json; charset=utf-8")
            #expect(bundle.json["incident"] as? String == "inc_shown")
            #expect((bundle.json["keys"] as? [String: Any])?["log"] as? String == log.verifierKey.vkey)
            #expect((bundle.json["entries"] as? [Any])?.isEmpty == false)
            for id in ["inc_hidden", "inc_nope"] {
                let refused = try await TestHTTP.send("GET", base + "/status/incidents/\(id)/bundle")
                #expect(refused.status == 404 && refused.errorCode == "not_found", "\(id)")
            }
            // The API's own bundle route still needs a token, and serves every incident.
            #expect(try await TestHTTP.send("GET", base + "/api/v1/incidents/inc_hidden/bundle").status == 401)
            let api = try await TestHTTP.send("GET", base + "/api/v1/incidents/inc_hidden/bundle", bearer: APIRoutesTests.adminToken)
            #expect(api.status == 200)
            // A retired monitor leaves the page, and its incidents' bundles with it.
            try await store.retireMonitors(notIn: ["hidden"], now: Date())
            #expect(try await TestHTTP.send("GET", base + "/status/incidents/inc_shown/bundle").status == 404)
        }
        try await store.close()
    }
}
