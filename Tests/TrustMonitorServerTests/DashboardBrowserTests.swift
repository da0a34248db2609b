import Foundation
import Testing
@testable import TrustMonitorServer
import TrustMonitorStore
@testable import TrustMonitorTestSupport

/// The dashboard as a person uses it: Debian's headless Chromium, driven by Playwright
/// (`Tests/interop/dashboard_browser.py`), signs in through the real form, reads the list, a monitor, an incident
/// and the status page, filters, and acknowledges the incident with the page's own form. Screenshots at a phone's
/// and a desktop's width are kept in `.build/screenshots/`.
@Suite(.serialized) struct DashboardBrowserTests {
    @Test func aPersonSignsInReadsThePagesAndAcknowledges() async throws {
        _ = try StatusPageBrowserTests.chromium()
        let fixture = try await DashboardFixture.make()
        let screenshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/screenshots")
        try FileManager.default.createDirectory(at: screenshots, withIntermediateDirectories: true)
        try await APIRoutesTests.withServer(fixture.store, dashboard: fixture.sources) { base in
            let run = try await InteropScript.run([InteropScript.path("dashboard_browser.py"), base, APIRoutesTests.adminToken,
                                                   fixture.api.id, fixture.incidentID, screenshots.path],
                                                  timeout: .seconds(180))
            try #require(run.status == 0, "\(run.transcript)")
            let facts = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect((facts["sign_in_url"] as? String)?.hasPrefix(base + "/login?next=") == true)
            #expect(facts["after_sign_in_url"] as? String == base + "/dashboard")
            let cookie = try #require((facts["session_cookie"] as? [[String: Any]])?.first)
            #expect(cookie["httpOnly"] as? Bool == true && cookie["sameSite"] as? String == "Strict")

            let list = try #require(facts["list"] as? [String: Any])
            #expect(list["h1"] as? String == "Monitors")
            #expect((list["signed_in"] as? String)?.contains("test-admin") == true)
            #expect(list["rows"] as? Int == 4)
            #expect(list["names"] as? [String] == ["api", "batch", "fresh", DashboardFixture.hostileName],
                    "the hostile name is shown as text, not run")
            #expect((list["counts"] as? String)?.contains("Down 1") == true, "\(list["counts"] ?? "")")
            let filtered = try #require(facts["filtered"] as? [String: Any])
            #expect((filtered["url"] as? String)?.contains("state=down") == true)
            #expect(filtered["names"] as? [String] == ["api"])

            let monitor = try #require(facts["monitor"] as? [String: Any])
            #expect((monitor["h1"] as? String)?.hasPrefix("api") == true)
            #expect((monitor["chart_label"] as? String)?.hasPrefix("Phase times of the last 4 checks") == true)
            #expect((monitor["bars"] as? Int ?? 0) >= 4 * 5)
            #expect(monitor["headings"] as? [String] == ["Where the time goes", "Latest look from each probe", "Conditions",
                                                         "Recent incidents", "Degraded periods (30 days)"])

            let incident = try #require(facts["incident"] as? [String: Any])
            let timeline = try #require(incident["timeline"] as? [String])
            #expect(timeline.first?.contains("Opened") == true && timeline.count >= 5, "\(timeline)")
            #expect(timeline.contains { $0.contains("Signature verified") && $0.contains("eu-1") })
            #expect(incident["bundle_href"] as? String == "/api/v1/incidents/inc_dash/bundle")
            let acknowledged = try #require(facts["acknowledged"] as? [String: Any])
            #expect((acknowledged["text"] as? String)?.contains("Acknowledged by test-admin") == true)
            #expect(try await fixture.store.incidentAcknowledgement(id: fixture.incidentID)?.by == "test-admin")

            let status = try #require(facts["status"] as? [String: Any])
            #expect(status["banner"] as? String == "api is down")
            #expect(status["bars"] as? Int == 4 * StatusPageModel.days)
            #expect(status["bundle_links"] as? [String] == ["/status/incidents/inc_dash/bundle"])
            for name in ["dashboard-list", "dashboard-monitor", "dashboard-incident", "status"] {
                for (suffix, width) in [("phone", 390), ("desktop", 1280)] {
                    let size = try StatusPageBrowserTests.pngSize(screenshots.appendingPathComponent("\(name)-\(suffix).png").path)
                    #expect(size.width == width, "\(name)-\(suffix)")
                }
            }
        }
        try await fixture.store.close()
    }
}
