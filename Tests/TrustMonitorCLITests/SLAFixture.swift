import Foundation
import TrustMonitorCore
import TrustMonitorLedger
import TrustMonitorServer
import TrustMonitorStore
@testable import TrustMonitorTestSupport

/// A server's config, keys and store holding two known days of one monitor, `api` (tag `db`, checked every minute):
///
/// - day 1: an API window 01:00-02:00; incident A 00:50-01:10 (600 s down outside the window); 05:00-06:00 ran 30
///   of its 60 checks (1,800 s unobserved).
/// - day 2: the file's window (by tag) 20:00-21:00; incident B 10:00-10:15 (900 s); degraded 09:50-10:30 (1,500 s
///   not down).
///
/// The days are three days back from today, so the period is in the past whatever the clock says.
struct SLAFixture {
    let directory: String
    let config: String
    let database: String
    /// The first day's start (Unix seconds).
    let day: Int64
    let keys: LedgerKeys

    var from: String { UTCSeconds.dayText(day) }
    /// The second day, as `--to` names the last day included.
    var to: String { UTCSeconds.dayText(day + 86_400) }

    static func make() async throws -> SLAFixture {
        let directory = NSTemporaryDirectory() + "tm-sla-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let day = UTCSeconds.floor(UTCSeconds.of(Date()), 86_400) - 3 * 86_400
        func at(_ offset: Int64) -> Date { UTCSeconds.date(day + offset) }
        let config = directory + "/trustmonitor.yaml"
        try """
            server: {data_dir: \(directory)}
            monitors:
              - {name: api, url: "http://127.0.0.1:1/", interval: 1m, tags: [db]}
            maintenance:
              - {name: db-move, start: "\(RFC3339.format(at(86_400 + 72_000)))", duration: 1h, tags: [db]}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let keys = try LedgerKeys.loadOrCreate(dataDir: directory, origin: "sla.example/trustmonitor/ledger")
        let database = directory + "/trustmonitor.db"
        let store = try await SQLiteStore.open(path: database)
        try await store.migrate()
        let monitor = try await store.upsertMonitor(name: "api", endpoint: "http://127.0.0.1:1/", interval: .seconds(60),
                                                    now: at(-86_400))
        _ = try await store.addMaintenanceWindow(
            MaintenanceWindow(name: "router", start: at(3600), duration: .seconds(3600), monitors: ["api"]),
            by: "test", now: at(0))
        try await store.addToRollups((-24..<72).map { hour in
            let checks = hour == 5 ? 30 : 60
            return Rollup(monitor: monitor.id, period: .hour, start: at(Int64(hour) * 3600), checks: checks, up: checks,
                          down: 0, totalMsSum: Double(checks) * 40)
        })
        for (id, opened, resolved) in [("inc_a", Int64(3000), Int64(4200)), ("inc_b", 86_400 + 36_000, 86_400 + 36_900)] {
            _ = try await store.openIncident(IncidentFixtures.incident(id: id, monitor: monitor.id, at: at(opened)))
            try await store.resolveIncident(id: id, at: at(resolved), recoveries: [])
        }
        let degradation = try await store.openDegradation(
            DegradationRecord(id: "deg_1", monitor: monitor.id, kind: .latency, startedAt: at(86_400 + 35_400),
                              explanation: "slow"), alerts: [])
        try await store.endDegradation(id: degradation.id, at: at(86_400 + 37_800), explanation: "slow", ending: "recovered",
                                       alerts: [])
        try await store.close()
        return SLAFixture(directory: directory, config: config, database: database, day: day, keys: keys)
    }

    /// `trustmonitor report sla` of the two days, in `format`, written to a file; the file's path.
    func report(format: String = "json", extra: [String] = []) async throws -> (path: String, status: Int32, output: OutputBuffer) {
        let path = directory + "/report-\(UUID().uuidString).\(format)"
        let result = await run(["report", "sla", "--config", config, "--monitor", "api", "--from", from, "--to", to,
                                "--format", format, "--output", path] + extra)
        return (path, result.status, result.output)
    }

    func bundle(at path: String) throws -> (SLABundle, SLAReport) {
        let bundle = try SLABundle(json: try Data(contentsOf: URL(fileURLWithPath: path)))
        return (bundle, try JSONCoding.decoder().decode(SLAReport.self, from: Data(bundle.report.payload)))
    }
}
