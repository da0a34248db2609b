import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorLedger
import TrustMonitorServer
import TrustMonitorStore
@testable import TrustMonitorTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `GET /api/v1/monitors/{id}/sla`: the verifiable JSON bundle and the page, 400 for a bad query, 404 for an
/// unknown monitor.
@Suite struct SLARouteTests {
    @Test func answersTheBundleAndThePage() async throws {
        let directory = NSTemporaryDirectory() + "tm-sla-route-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try await SQLiteStore.open(path: directory + "/sla.db")
        try await store.migrate()
        // Yesterday, 10:00-10:20 down; the monitor exists since the day before.
        let day = UTCSeconds.floor(UTCSeconds.of(Date()), 86_400) - 86_400
        let monitor = try await store.upsertMonitor(name: "api", endpoint: "http://a.test/", interval: .seconds(60),
                                                    now: UTCSeconds.date(day - 86_400))
        _ = try await store.openIncident(IncidentFixtures.incident(id: "inc_r", monitor: monitor.id,
                                                                  at: UTCSeconds.date(day + 36_000)))
        try await store.resolveIncident(id: "inc_r", at: UTCSeconds.date(day + 37_200), recoveries: [])
        let keys = try LedgerKeys.loadOrCreate(dataDir: directory, origin: "route.example/trustmonitor/ledger")
        let publisher = CheckpointPublisher(store: store, signer: keys.log)
        let dayText = UTCSeconds.dayText(day)
        try await APIRoutesTests.withServer(store, checkpoints: publisher, reportSigner: keys.report) { base in
            let path = base + "/api/v1/monitors/"
            for reference in [monitor.id, "api"] {
                let (data, response) = try await URLSession.shared.data(
                    for: try APIRoutesTests.authorized(path + "\(reference)/sla?from=\(dayText)&to=\(dayText)"))
                let http = try #require(response as? HTTPURLResponse)
                #expect(http.statusCode == 200 && http.value(forHTTPHeaderField: "Content-Type")?.hasPrefix("application/json") == true)
                let bundle = try SLABundle(json: data)
                let (report, _) = try SLABundleVerifier.verify(bundle, logKey: keys.log.verifierKey.vkey,
                                                               reportKey: keys.report.verifierKey.vkey)
                #expect(report.figures.downtimeSeconds == 1200 && report.figures.periodSeconds == 86_400)
                #expect(report.incidents.map(\.id) == ["inc_r"] && report.monitor.name == "api")
                // Every check due, none run: all of the day but its downtime is unobserved.
                #expect(report.figures.checksDue == 1440 && report.figures.unobservedSeconds == 86_400 - 1200)
                #expect(report.figures.observedSeconds == 1200 && report.figures.uptimePercent == 0 && report.figures.strictUptimePercent == 0)
            }
            let counted = try await APIRoutesTests.get(path + "api/sla?from=\(dayText)&to=\(dayText)&include_maintenance=true")
            #expect(counted.status == 200)

            let (page, pageResponse) = try await URLSession.shared.data(
                for: try APIRoutesTests.authorized(path + "api/sla?from=\(dayText)&to=\(dayText)&format=html"))
            #expect((pageResponse as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type")?.hasPrefix("text/html") == true)
            let html = String(decoding: page, as: UTF8.self)
            #expect(html.contains("SLA report: api") && html.contains("inc_r") && html.contains("20 min"))
            #expect(html.contains(keys.report.verifierKey.keyLabel))

            for (query, parameter) in [("to=\(dayText)", "from/to"), ("from=\(dayText)", "from/to"),
                                       ("from=soon&to=\(dayText)", "from"), ("from=\(dayText)&to=2020-01-01", "to"),
                                       ("from=\(dayText)&to=\(dayText)&format=pdf", "format"),
                                       ("from=\(dayText)&to=\(dayText)&include_maintenance=yes", "include_maintenance")] {
                let refused = try await APIRoutesTests.get(path + "api/sla?\(query)")
                #expect(refused.status == 400 && APIRoutesTests.errorCode(refused.json) == "invalid_parameter", "\(query)")
                let message = (refused.json["error"] as? [String: Any])?["message"] as? String ?? ""
                #expect(message.contains("'\(parameter)'"), "\(query): \(message)")
            }
            let unknown = try await APIRoutesTests.get(path + "mon_nope/sla?from=\(dayText)&to=\(dayText)")
            #expect(unknown.status == 404 && APIRoutesTests.errorCode(unknown.json) == "not_found")
        }
        try await store.close()
    }
}
