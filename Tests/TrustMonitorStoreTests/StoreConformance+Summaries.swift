import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorStore

/// The reads pages of many monitors make: one query for all monitors, the same answers as the per-monitor calls.
extension StoreConformance {
    /// Every monitor's buckets in the span, by monitor then time; equal to the per-monitor reads put together.
    func rollupsOfEveryMonitorOverASpan() async throws {
        try await withFreshStore { store in
            let base = Fixture.at("2024-03-01T00:00:00.000Z")
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30), now: base)
            let web = try await store.upsertMonitor(name: "web", endpoint: Fixture.endpoint, interval: .seconds(30), now: base)
            let quiet = try await store.upsertMonitor(name: "quiet", endpoint: Fixture.endpoint, interval: .seconds(30),
                                                      now: base)
            let checks: [(MonitorRecord, String, Bool)] = [
                (api, "2024-03-01T22:10:00.000Z", true), (api, "2024-03-02T00:30:00.000Z", false),
                (api, "2024-03-02T00:40:00.000Z", true), (web, "2024-03-02T00:05:00.000Z", true),
                (web, "2024-03-03T00:00:00.000Z", true),  // outside the span: `to` is exclusive
            ]
            for (monitor, time, up) in checks {
                try await store.recordObservation(Fixture.record(monitor, at: Fixture.at(time), up: up))
            }
            // A re-check is not counted in rollups, as for the per-monitor reads.
            try await store.recordObservation(Fixture.record(web, at: Fixture.at("2024-03-02T00:06:00.000Z"), up: false,
                                                             probe: "eu-west", role: .verification))
            let from = Fixture.at("2024-03-01T00:00:00.000Z"), to = Fixture.at("2024-03-03T00:00:00.000Z")
            for period in [RollupPeriod.hour, .day] {
                let all = try await store.rollups(period: period, from: from, to: to)
                var apart: [Rollup] = []
                for monitor in [api, web, quiet] {
                    apart += try await store.rollups(monitor: monitor.id, period: period, from: from, to: to)
                }
                #expect(all == apart.sorted { ($0.monitor, $0.start) < ($1.monitor, $1.start) }, "\(period)")
                #expect(!all.contains { $0.monitor == quiet.id })
            }
            // Totals: each monitor's buckets in the span added up, one per monitor with any.
            let totals = try await store.rollupTotals(period: .hour, from: from, to: to)
            #expect(totals.map(\.monitor) == [api.id, web.id].sorted())
            for total in totals {
                let buckets = try await store.rollups(monitor: total.monitor, period: .hour, from: from, to: to)
                #expect(total == Rollup(monitor: total.monitor, period: .hour, start: from,
                                        checks: buckets.reduce(0) { $0 + $1.checks }, up: buckets.reduce(0) { $0 + $1.up },
                                        down: buckets.reduce(0) { $0 + $1.down },
                                        totalMsSum: buckets.reduce(0) { $0 + $1.totalMsSum }))
            }
            let apiTotal = try #require(totals.first { $0.monitor == api.id })
            #expect(apiTotal.checks == 3 && apiTotal.down == 1)
            #expect(try await store.rollupTotals(period: .day, from: to, to: to.addingTimeInterval(86_400)).map(\.checks) == [1])
            #expect(try await store.rollupTotals(period: .day, from: to.addingTimeInterval(1), to: to).isEmpty)
            let days = try await store.rollups(period: .day, from: from, to: to)
            #expect(days.filter { $0.monitor == api.id }.map(\.checks) == [1, 2])
            #expect(days.filter { $0.monitor == api.id }.map(\.down) == [0, 1])
            #expect(days.filter { $0.monitor == web.id }.map(\.checks) == [1])
            let hours = try await store.rollups(period: .hour, from: Fixture.at("2024-03-02T00:00:00.000Z"),
                                                to: Fixture.at("2024-03-02T01:00:00.000Z"))
            #expect(hours.map(\.monitor).sorted() == [api.id, web.id].sorted())
            #expect(try await store.rollups(period: .hour, from: to, to: to.addingTimeInterval(1)).count == 1)
            #expect(try await store.rollups(period: .hour, from: to.addingTimeInterval(1), to: to).isEmpty)
        }
    }

    /// Each monitor's newest observation of any role and probe, summarised from its columns; monitors never checked
    /// have none.
    func latestObservationPerMonitor() async throws {
        try await withFreshStore { store in
            let base = Fixture.at("2024-03-01T10:00:00.000Z")
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30), now: base)
            let web = try await store.upsertMonitor(name: "web", endpoint: Fixture.endpoint, interval: .seconds(30), now: base)
            _ = try await store.upsertMonitor(name: "never", endpoint: Fixture.endpoint, interval: .seconds(30), now: base)
            #expect(try await store.latestObservations().isEmpty)
            for minute in 0..<5 {
                try await store.recordObservation(Fixture.record(api, at: base.addingTimeInterval(Double(minute) * 60),
                                                                 totalMs: Double(100 + minute)))
            }
            try await store.recordObservation(Fixture.record(api, at: base.addingTimeInterval(300), up: false, totalMs: nil,
                                                             probe: "eu-west", role: .verification))
            // Written later but started earlier: newest is by start time.
            try await store.recordObservation(Fixture.record(api, at: base.addingTimeInterval(-60)))
            try await store.recordObservation(Fixture.record(web, at: base.addingTimeInterval(30), totalMs: 42.25))

            let latest = try await store.latestObservations()
            #expect(latest.map(\.monitor) == [api.id, web.id].sorted())
            let apiLatest = try #require(latest.first { $0.monitor == api.id })
            #expect(apiLatest == ObservationSummary(
                monitor: api.id, probe: "eu-west", role: .verification, startedAt: base.addingTimeInterval(300),
                verdict: .down, failureCode: .http5xx, status: 503, totalMs: nil))
            let webLatest = try #require(latest.first { $0.monitor == web.id })
            #expect(webLatest == ObservationSummary(
                monitor: web.id, probe: "local", role: .primary, startedAt: base.addingTimeInterval(30), verdict: .up,
                failureCode: nil, status: 200, totalMs: 42.25))
            // The same as the newest of the per-monitor read.
            let newest = try #require(try await store.observations(monitor: api.id, since: nil, limit: 1).first)
            #expect(newest.observation.startedAt == apiLatest.startedAt && newest.probe == apiLatest.probe)
        }
    }

    /// Added counts join what recorded observations counted, bucket by bucket; a bucket named twice in one call gets
    /// both.
    func addedRollupsJoinRecordedOnes() async throws {
        try await withFreshStore { store in
            let hour = Fixture.at("2024-03-01T10:00:00.000Z"), day = Fixture.at("2024-03-01T00:00:00.000Z")
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30), now: hour)
            try await store.recordObservation(Fixture.record(api, at: hour.addingTimeInterval(60), up: false, totalMs: 100))
            try await store.addToRollups([
                Rollup(monitor: api.id, period: .hour, start: hour, checks: 60, up: 59, down: 1, totalMsSum: 6000),
                Rollup(monitor: api.id, period: .hour, start: hour, checks: 2, up: 2, down: 0, totalMsSum: 10.5),
                Rollup(monitor: api.id, period: .hour, start: hour.addingTimeInterval(3600), checks: 60, up: 60, down: 0,
                       totalMsSum: 3000),
                Rollup(monitor: api.id, period: .day, start: day, checks: 1440, up: 1440, down: 0, totalMsSum: 1),
            ])
            try await store.addToRollups([])
            let hours = try await store.rollups(monitor: api.id, period: .hour, from: day, to: day.addingTimeInterval(86_400))
            #expect(hours == [
                Rollup(monitor: api.id, period: .hour, start: hour, checks: 63, up: 61, down: 2, totalMsSum: 6110.5),
                Rollup(monitor: api.id, period: .hour, start: hour.addingTimeInterval(3600), checks: 60, up: 60, down: 0,
                       totalMsSum: 3000),
            ])
            let days = try await store.rollups(period: .day, from: day, to: day.addingTimeInterval(86_400))
            #expect(days == [Rollup(monitor: api.id, period: .day, start: day, checks: 1441, up: 1440, down: 1, totalMsSum: 101)])
            // Settling after the import changes nothing that is read.
            try await store.settleAfterImport()
            #expect(try await store.rollups(monitor: api.id, period: .hour, from: day, to: day.addingTimeInterval(86_400)) == hours)
            // A later observation still counts on top.
            try await store.recordObservation(Fixture.record(api, at: hour.addingTimeInterval(120), totalMs: 1))
            let again = try await store.rollups(monitor: api.id, period: .hour, from: hour, to: hour.addingTimeInterval(1))
            #expect(again.map(\.checks) == [64])
        }
    }

    /// A checkpoint's time is when it was first stored; a cosigned copy of the same size keeps it.
    func checkpointTimeIsWhenFirstStored() async throws {
        try await withFreshStore { store in
            #expect(try await store.checkpointRecordedAt(size: 1) == nil)
            let before = Date().addingTimeInterval(-1)
            try await store.recordCheckpoint(size: 1, note: "origin\n1\nAAAA\n\n— origin sig\n")
            let first = try #require(try await store.checkpointRecordedAt(size: 1))
            #expect(first >= before && first <= Date().addingTimeInterval(1))
            try await Task.sleep(for: .milliseconds(20))
            try await store.recordCheckpoint(size: 1, note: "origin\n1\nAAAA\n\n— origin sig\n— witness cosig\n")
            #expect(try await store.checkpointRecordedAt(size: 1) == first)
            #expect(try await store.checkpointRecordedAt(size: 2) == nil)
        }
    }
}
