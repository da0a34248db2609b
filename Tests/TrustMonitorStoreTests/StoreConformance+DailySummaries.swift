import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorLedger
import TrustMonitorStore

extension StoreConformance {
    /// A (monitor, day) is summarized once, entry and all, however often, concurrently or after a restart, its
    /// summary is appended; summaries are read back by day range, with their entries as stored.
    func dailySummariesAreAppendedOncePerMonitorAndDay() async throws {
        try await withDatabase { database in
            let (api, web) = try await withStore(database) { store in
                let now = Fixture.at("2024-03-01T00:00:00.000Z")
                let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30), now: now)
                let web = try await store.upsertMonitor(name: "web", endpoint: Fixture.endpoint, interval: .seconds(30), now: now)
                let first = [Self.summary(api, "2024-03-01"), Self.summary(api, "2024-03-02"), Self.summary(web, "2024-03-01")]
                #expect(try await store.appendDailySummaries(first) == 3)
                #expect(try await store.appendDailySummaries([]) == 0)
                // Two writers at once with the same day and one new one each: each day lands once.
                async let one = store.appendDailySummaries(first + [Self.summary(web, "2024-03-02")])
                async let two = store.appendDailySummaries([Self.summary(web, "2024-03-02"), Self.summary(api, "2024-03-03")])
                #expect(try await one + two == 2)
                return (api, web)
            }
            try await withStore(database) { store in
                #expect(try await store.appendDailySummaries([Self.summary(api, "2024-03-01")]) == 0, "after a restart too")
                let entries = try await store.ledgerEntries(from: 0, limit: 100)
                #expect(entries.count == 5)
                let all = try await store.dailySummaries(monitor: nil, from: "2024-03-01", through: "2024-03-03")
                let expectedOrder = [(api.id, "2024-03-01"), (api.id, "2024-03-02"), (api.id, "2024-03-03"),
                                     (web.id, "2024-03-01"), (web.id, "2024-03-02")].sorted { ($0.0, $0.1) < ($1.0, $1.1) }
                #expect(all.map(\.monitor) == expectedOrder.map(\.0) && all.map(\.day) == expectedOrder.map(\.1))
                for summary in all {
                    #expect(entries.contains(summary.entry), "the entry as stored")
                    let fields = try #require(try JSONSerialization.jsonObject(with: Data(summary.entry.bytes)) as? [String: Any])
                    #expect(fields["type"] as? String == "summary.daily" && fields["day"] as? String == summary.day)
                    #expect(fields["monitor"] as? String == summary.monitor && fields["seq"] as? Int == summary.entry.seq)
                }
                let oneDay = try await store.dailySummaries(monitor: web.id, from: "2024-03-02", through: "2024-03-02")
                #expect(oneDay.map(\.day) == ["2024-03-02"] && oneDay.map(\.monitor) == [web.id])
                #expect(try await store.dailySummaries(monitor: api.id, from: "2024-03-04", through: "2024-03-09").isEmpty)
            }
        }
    }

    private static func summary(_ monitor: MonitorRecord, _ day: String) -> DailySummaryDraft {
        let start = UTCSeconds.dayStart(day) ?? 0
        let figures = SLADay(day: day, from: UTCSeconds.date(start), to: UTCSeconds.date(start + 86_400),
                             monitoredSeconds: 86_400, maintenanceSeconds: 0, downSeconds: 60, degradedSeconds: 0,
                             unobservedSeconds: 0, checksDue: 2880, checksRun: 2880, incidents: ["inc_1"])
        return DailySummaryDraft(monitor: monitor.id, day: day,
                                 entry: SLALedger.daily(monitor: monitor.id, figures, intervalMs: 30_000,
                                                        at: UTCSeconds.date(start + 86_700)))
    }
}
