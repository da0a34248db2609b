import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorStore

extension StoreConformance {
    func dataSurvivesReopening() async throws {
        try await withDatabase { database in
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            let (api, episode) = try await withStore(database) { store in
                let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30), now: now)
                try await store.recordObservation(Fixture.record(api, at: now.addingTimeInterval(30), up: false))
                _ = try await store.openIncident(Fixture.incident("inc_1", monitor: api, openedAt: now.addingTimeInterval(60)))
                let episode = SuppressedEpisode(
                    id: "sup_1", monitor: api.id, monitorName: api.name, endpoint: api.endpoint, startedAt: now,
                    decidedAt: now.addingTimeInterval(5), failure: Failure(.dnsFailure, "NXDOMAIN"),
                    verifications: [Fixture.verdict("local", .primary, at: now, up: false)], reason: "1 of 2 confirmations needed")
                try await store.recordSuppressed(episode)
                return (api, episode)
            }
            try await withStore(database) { store in
                let monitor = try #require(try await store.monitor(id: api.id))
                #expect(monitor.name == "api")
                #expect(monitor.state == .down)
                #expect(try await store.observations(monitor: api.id, since: nil, limit: 10).map(\.observation.verdict) == [.down])
                #expect(try await store.rollups(monitor: api.id, period: .day, from: now.addingTimeInterval(-86400), to: now)
                    .map(\.down) == [1])
                #expect(try await store.openIncident(monitor: api.id)?.id == "inc_1")
                #expect(try Fixture.json(try await store.suppressedEpisodes(monitor: nil, limit: 5)) == Fixture.json([episode]))
                // The open incident still blocks a second one after the restart.
                let again = try await store.openIncident(Fixture.incident("inc_2", monitor: api, openedAt: now.addingTimeInterval(90)))
                #expect(again.id == "inc_1")
            }
        }
    }

    /// Times come back to the exact millisecond, including ones whose binary value sits just below their
    /// millisecond (before 1985, after 2032), and a time with sub-millisecond digits is truncated, as RFC 3339
    /// output truncates it.
    func datesRoundTripToTheMillisecond() async throws {
        let wholeMilliseconds: [Int64] = [1, 341_976_455_840, 1_709_251_199_999, 1_709_251_200_000, 2_000_000_000_123,
                                          4_102_444_800_123]
        let subMillisecond = Date(timeIntervalSince1970: 1_709_251_234.567_89)
        try await withFreshStore { store in
            for (index, ms) in wholeMilliseconds.enumerated() {
                let date = Date(timeIntervalSince1970: Double(ms) / 1000)
                let monitor = try await store.upsertMonitor(name: "m\(index)", endpoint: Fixture.endpoint,
                                                            interval: .seconds(30), now: date)
                try await store.recordObservation(Fixture.record(monitor, at: date))
                _ = try await store.openIncident(Fixture.incident("inc_\(index)", monitor: monitor, openedAt: date))

                let stored = try #require(try await store.monitor(id: monitor.id))
                let observation = try #require(try await store.observations(monitor: monitor.id, since: date, limit: 1).first)
                let incident = try #require(try await store.incident(id: "inc_\(index)"))
                for read in [stored.createdAt, observation.observation.startedAt, observation.observation.attempts[0].startedAt,
                             incident.openedAt, incident.verifications[0].at] {
                    #expect(millis(read) == ms, "stored \(ms), read \(millis(read))")
                }
                #expect(millis(observation.observation.finishedAt) == ms + 125)
            }
            let monitor = try await store.upsertMonitor(name: "sub", endpoint: Fixture.endpoint, interval: .seconds(1),
                                                        now: subMillisecond)
            #expect(millis(monitor.createdAt) == 1_709_251_234_567)
            try await store.recordObservation(Fixture.record(monitor, at: subMillisecond))
            let observation = try #require(try await store.observations(monitor: monitor.id, since: nil, limit: 1).first)
            #expect(millis(observation.observation.startedAt) == 1_709_251_234_567)
            #expect(observation.observation.startedAt == Date(timeIntervalSince1970: 1_709_251_234.567))
        }
    }

    /// Whole milliseconds of a date read back (which sits on a whole millisecond, give or take float error).
    private func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    func closedStoreRefusesCalls() async throws {
        try await withDatabase { database in
            let store = try await database.open()
            try await store.migrate()
            try await store.close()
            try await store.close()
            await #expect(throws: StoreError.closed) { try await store.monitors() }
            await #expect(throws: StoreError.closed) {
                try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30), now: Date())
            }
        }
    }

    /// Many callers at once: every write is counted once, none is lost or doubled.
    func concurrentWritesAreAllKept() async throws {
        try await withFreshStore { store in
            let base = Fixture.at("2024-03-01T10:00:00.000Z")
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30), now: base)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        try await store.recordObservation(Fixture.record(api, at: base.addingTimeInterval(Double(index)),
                                                                         up: index % 4 != 0, totalMs: 10))
                    }
                }
                try await group.waitForAll()
            }
            let hour = try await store.rollups(monitor: api.id, period: .hour, from: base, to: base.addingTimeInterval(3600))
            #expect(hour == [Rollup(monitor: api.id, period: .hour, start: base, checks: 200, up: 150, down: 50, totalMsSum: 2000)])
            #expect(try await store.observations(monitor: api.id, since: nil, limit: 1000).count == 200)
        }
    }
}
