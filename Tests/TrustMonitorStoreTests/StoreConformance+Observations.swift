import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorStore

extension StoreConformance {
    func observationsNewestFirstWithSinceAndLimit() async throws {
        try await withFreshStore { store in
            let base = Fixture.at("2024-03-01T10:00:00.000Z")
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30), now: base)
            let web = try await store.upsertMonitor(name: "web", endpoint: Fixture.endpoint, interval: .seconds(30), now: base)
            let times = (0..<5).map { base.addingTimeInterval(Double($0) * 60) }
            for (index, time) in times.enumerated() {
                try await store.recordObservation(Fixture.record(api, at: time, up: index != 2,
                                                                 probe: index == 4 ? "eu-west" : "local",
                                                                 role: index == 4 ? .verification : .primary))
            }
            try await store.recordObservation(Fixture.record(web, at: times[4].addingTimeInterval(1)))

            let newest = try await store.observations(monitor: api.id, since: nil, limit: 3)
            #expect(newest.map(\.observation.startedAt) == [times[4], times[3], times[2]])
            #expect(newest.map(\.probe) == ["eu-west", "local", "local"])
            #expect(newest.map(\.role) == [.verification, .primary, .primary])
            #expect(newest.map(\.observation.verdict) == [.up, .up, .down])
            #expect(newest.allSatisfy { $0.monitor == api.id })
            #expect(newest[2].observation.failure == Failure(.http5xx, "server answered 503 Service Unavailable"))

            let sinceSecond = try await store.observations(monitor: api.id, since: times[1], limit: 100)
            #expect(sinceSecond.map(\.observation.startedAt) == Array(times[1...].reversed()))
            #expect(try await store.observations(monitor: api.id, since: nil, limit: 0).isEmpty)
            #expect(try await store.observations(monitor: web.id, since: nil, limit: 10).count == 1)

            let original = Fixture.record(api, at: times[2], up: false)
            #expect(try Fixture.json(newest[2]) == Fixture.json(original))
        }
    }

    /// Observations across an hour boundary and a UTC day boundary land in the right buckets.
    func rollupsCountPerHourAndDay() async throws {
        try await withFreshStore { store in
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30),
                                                    now: Fixture.at("2024-03-01T00:00:00.000Z"))
            let checks: [(String, Bool, Double?)] = [
                ("2024-03-01T22:10:00.000Z", true, 40),
                ("2024-03-01T23:59:59.999Z", true, 100),
                ("2024-03-02T00:00:00.000Z", false, nil),
                ("2024-03-02T00:30:00.000Z", true, 50),
                ("2024-03-02T01:00:00.000Z", true, 25.5),
            ]
            for (time, up, total) in checks {
                try await store.recordObservation(Fixture.record(api, at: Fixture.at(time), up: up, totalMs: total))
            }
            let hours = try await store.rollups(monitor: api.id, period: .hour, from: Fixture.at("2024-03-01T00:00:00.000Z"),
                                                to: Fixture.at("2024-03-03T00:00:00.000Z"))
            #expect(hours == [
                Rollup(monitor: api.id, period: .hour, start: Fixture.at("2024-03-01T22:00:00.000Z"), checks: 1, up: 1, down: 0, totalMsSum: 40),
                Rollup(monitor: api.id, period: .hour, start: Fixture.at("2024-03-01T23:00:00.000Z"), checks: 1, up: 1, down: 0, totalMsSum: 100),
                Rollup(monitor: api.id, period: .hour, start: Fixture.at("2024-03-02T00:00:00.000Z"), checks: 2, up: 1, down: 1, totalMsSum: 50),
                Rollup(monitor: api.id, period: .hour, start: Fixture.at("2024-03-02T01:00:00.000Z"), checks: 1, up: 1, down: 0, totalMsSum: 25.5),
            ])
            let days = try await store.rollups(monitor: api.id, period: .day, from: Fixture.at("2024-03-01T00:00:00.000Z"),
                                               to: Fixture.at("2024-03-03T00:00:00.000Z"))
            #expect(days == [
                Rollup(monitor: api.id, period: .day, start: Fixture.at("2024-03-01T00:00:00.000Z"), checks: 2, up: 2, down: 0, totalMsSum: 140),
                Rollup(monitor: api.id, period: .day, start: Fixture.at("2024-03-02T00:00:00.000Z"), checks: 3, up: 2, down: 1, totalMsSum: 75.5),
            ])
            // Buckets whose start lies in from ..< to.
            let oneHour = try await store.rollups(monitor: api.id, period: .hour, from: Fixture.at("2024-03-02T00:00:00.000Z"),
                                                  to: Fixture.at("2024-03-02T01:00:00.000Z"))
            #expect(oneHour.map(\.checks) == [2])
        }
    }

    func pruneDeletesOnlyOldObservations() async throws {
        try await withFreshStore { store in
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30),
                                                    now: Fixture.at("2024-03-01T00:00:00.000Z"))
            let days = ["2024-03-01T10:00:00.000Z", "2024-03-02T10:00:00.000Z", "2024-03-03T10:00:00.000Z"].map(Fixture.at)
            for day in days { try await store.recordObservation(Fixture.record(api, at: day)) }
            let incident = try await store.openIncident(Fixture.incident("inc_old", monitor: api, openedAt: days[0]))
            try await store.recordSuppressed(SuppressedEpisode(
                id: "sup_old", monitor: api.id, monitorName: api.name, endpoint: api.endpoint, startedAt: days[0],
                decidedAt: days[0], failure: Failure(.connectTimeout, "no answer in 5s"), verifications: [],
                reason: "1 of 2 confirmations needed"))

            #expect(try await store.pruneObservations(before: days[1]) == 1)
            let kept = try await store.observations(monitor: api.id, since: nil, limit: 10)
            #expect(kept.map(\.observation.startedAt) == [days[2], days[1]])
            let rollups = try await store.rollups(monitor: api.id, period: .day, from: days[0].addingTimeInterval(-86400),
                                                  to: days[2])
            #expect(rollups.map(\.checks) == [1, 1, 1])
            #expect(try await store.incident(id: incident.id)?.id == "inc_old")
            #expect(try await store.suppressedEpisodes(monitor: api.id, limit: 10).map(\.id) == ["sup_old"])
            #expect(try await store.pruneObservations(before: days[1]) == 0)
        }
    }
}
