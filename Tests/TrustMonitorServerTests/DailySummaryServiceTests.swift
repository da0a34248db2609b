import Foundation
import Testing
import TrustMonitorConfig
import TrustMonitorCore
import TrustMonitorLedger
@testable import TrustMonitorServer
import TrustMonitorStore
@testable import TrustMonitorTestSupport

/// The daily summaries: one `summary.daily` entry per monitor and finished day, however often the summarizer runs,
/// on both backends; catching up is bounded; figures are the day's.
@Suite struct DailySummaryServiceTests {
    /// 2026-11-20T00:00:00Z; "now" is 00:10 three days later.
    static let day: Int64 = 1_795_132_800
    static let now = UTCSeconds.date(day + 3 * 86_400 + 600)

    @Test func sqlite() async throws {
        let directory = NSTemporaryDirectory() + "tm-daily-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try await Self.summarizesOncePerMonitorAndDay(try await SQLiteStore.open(path: directory + "/daily.db"))
    }

    @Test func postgres() async throws {
        try await TestPostgres.withDatabase { url in
            try await Self.summarizesOncePerMonitorAndDay(try await PostgresStore.open(url: url))
        }
    }

    static func summarizesOncePerMonitorAndDay(_ store: any Store) async throws {
        try await withClosing(store) { store in
            try await store.migrate()
            // `old` exists since long before, `new` since noon of the last day; `gone` is retired.
            let old = try await store.upsertMonitor(name: "old", endpoint: "http://a.test/", interval: .seconds(60),
                                                    now: UTCSeconds.date(day - 30 * 86_400))
            let new = try await store.upsertMonitor(name: "new", endpoint: "http://b.test/", interval: .seconds(60),
                                                    now: UTCSeconds.date(day + 2 * 86_400 + 43_200))
            _ = try await store.upsertMonitor(name: "gone", endpoint: "http://c.test/", interval: .seconds(60),
                                              now: UTCSeconds.date(day - 86_400))
            try await store.retireMonitors(notIn: ["old", "new"], now: UTCSeconds.date(day))
            _ = try await store.openIncident(IncidentFixtures.incident(id: "inc_d", monitor: old.id,
                                                                      at: UTCSeconds.date(day + 86_400 - 300)))
            try await store.resolveIncident(id: "inc_d", at: UTCSeconds.date(day + 86_400 + 600), recoveries: [])
            let service = DailySummaryService(store: store, sources: { SLASources(store: store, configuration: nil) },
                                              catchUpDays: 3)
            // Twice, and twice at once: each (monitor, day) once. Catching up reaches 3 days back, not 30.
            async let once = service.summarize(now: now)
            async let again = service.summarize(now: now)
            #expect(try await once + again == 4)
            #expect(try await service.summarize(now: now) == 0)
            let summaries = try await store.dailySummaries(monitor: nil, from: "2026-01-01", through: "2026-12-31")
            let days = summaries.map { "\($0.monitor == old.id ? "old" : "new") \($0.day)" }.sorted()
            #expect(days == ["new 2026-11-22", "old 2026-11-20", "old 2026-11-21", "old 2026-11-22"])
            let byDay = Dictionary(uniqueKeysWithValues: summaries.map { ("\($0.monitor) \($0.day)", $0) })
            let first = try #require(byDay["\(old.id) 2026-11-20"])
            let day1 = try #require(SLALedger.day(entry: first.entry.bytes, seq: first.entry.seq, monitor: old.id))
            #expect(day1.downSeconds == 300 && day1.incidents == ["inc_d"] && day1.checksDue == 1440)
            #expect(day1.unobservedSeconds == 86_400 - 300, "no checks ran: all but the downtime is unobserved")
            let second = try #require(byDay["\(old.id) 2026-11-21"])
            #expect(SLALedger.day(entry: second.entry.bytes, seq: second.entry.seq, monitor: old.id)?.downSeconds == 600)
            let partial = try #require(byDay["\(new.id) 2026-11-22"])
            #expect(SLALedger.day(entry: partial.entry.bytes, seq: partial.entry.seq, monitor: new.id)?.monitoredSeconds == 43_200)
            let types = try await store.ledgerEntries(from: 0, limit: 100).compactMap { entry in
                (try JSONSerialization.jsonObject(with: Data(entry.bytes)) as? [String: Any])?["type"] as? String
            }
            #expect(types.filter { $0 == "summary.daily" }.count == 4)
            // Within the grace after midnight the day just ended waits; it comes at the next run.
            let early = UTCSeconds.date(day + 4 * 86_400 + 60)
            #expect(try await service.summarize(now: early) == 0)
            #expect(try await service.summarize(now: early.addingTimeInterval(600)) == 2)
            #expect(service.untilNextRun(now: early) == .seconds(240))
        }
    }

    /// A window by tag applies to the tagged monitor only, the file's and the API's monitors alike: the summarizer
    /// reads every monitor's tags once per run (preloaded), and gets what a report reading them one by one gets.
    @Test func windowsByTagApplyAsInReports() async throws {
        let directory = NSTemporaryDirectory() + "tm-daily-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try await SQLiteStore.open(path: directory + "/daily.db")
        try await withClosing(store) { store in
            try await store.migrate()
            let configuration = try Configuration.parse(yaml: """
                monitors:
                  - {name: db, url: "http://db.test/", tags: [db]}
                  - {name: web, url: "http://web.test/"}
                maintenance:
                  - {name: db-move, start: "2026-11-20T01:00:00Z", duration: 1h, tags: [db]}
                """, file: "test.yaml", environment: [:])
            let created = UTCSeconds.date(Self.day - 86_400)
            let db = try await store.upsertMonitor(name: "db", endpoint: "http://db.test/", interval: .seconds(60), now: created)
            let web = try await store.upsertMonitor(name: "web", endpoint: "http://web.test/", interval: .seconds(60),
                                                    now: created)
            let api = try await store.createAPIMonitor(APIMonitorDraft(
                name: "api-db", endpoint: "http://api.test/", interval: .seconds(60),
                definition: #"{"name": "api-db", "url": "http://api.test/", "tags": ["db"]}"#), now: created)
            let sources = SLASources(store: store, configuration: configuration)
            let service = DailySummaryService(store: store, sources: { sources }, catchUpDays: 1)
            #expect(try await service.summarize(now: UTCSeconds.date(Self.day + 86_400 + 600)) == 3)
            var maintenance: [String: Int64] = [:]
            for summary in try await store.dailySummaries(monitor: nil, from: "2026-11-20", through: "2026-11-20") {
                maintenance[summary.monitor] = SLALedger.day(entry: summary.entry.bytes, seq: summary.entry.seq,
                                                             monitor: summary.monitor)?.maintenanceSeconds
            }
            #expect(maintenance == [db.id: 3600, web.id: 0, api.id: 3600])
            // One by one, as a report reads them: the same.
            let maker = SLAReportMaker(sources: sources)
            for (monitor, expected) in [(db, Int64(3600)), (web, 0), (api, 3600)] {
                let drafts = try await maker.dailySummaries(monitor: monitor, days: [Self.day], now: UTCSeconds.date(Self.day + 86_400))
                let entry = try #require(drafts.first?.entry)
                let bytes = entry.bytes(seq: 0)
                #expect(SLALedger.day(entry: bytes, seq: 0, monitor: monitor.id)?.maintenanceSeconds == expected)
            }
        }
    }
}
