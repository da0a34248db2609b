import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorStore

extension StoreConformance {
    func oneOpenIncidentPerMonitor() async throws {
        try await withFreshStore { store in
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30),
                                                    now: Fixture.at("2024-03-01T10:00:00.000Z"))
            let openedAt = Fixture.at("2024-03-01T10:05:00.000Z")
            let first = try await store.openIncident(Fixture.incident("inc_1", monitor: api, openedAt: openedAt))
            #expect(first.id == "inc_1")
            #expect(first.state == .open)
            let down = try #require(try await store.monitor(id: api.id))
            #expect(down.state == .down)
            #expect(down.stateSince == openedAt)

            let second = try await store.openIncident(Fixture.incident("inc_2", monitor: api,
                                                                       openedAt: openedAt.addingTimeInterval(60)))
            #expect(second.id == "inc_1")
            #expect(second.openedAt == openedAt)
            #expect(try await store.incident(id: "inc_2") == nil)
            #expect(try await store.openIncident(monitor: api.id)?.id == "inc_1")
            #expect(try await store.monitor(id: api.id)?.stateSince == openedAt)

            try await store.resolveIncident(id: "inc_1", at: openedAt.addingTimeInterval(300), recoveries: [])
            let reopenedAt = openedAt.addingTimeInterval(600)
            let third = try await store.openIncident(Fixture.incident("inc_2", monitor: api, openedAt: reopenedAt))
            #expect(third.id == "inc_2")
            #expect(try await store.openIncident(monitor: api.id)?.id == "inc_2")
            #expect(try await store.monitor(id: api.id)?.stateSince == reopenedAt)
        }
    }

    func resolveSetsMonitorUpAndIsIdempotent() async throws {
        try await withFreshStore { store in
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30),
                                                    now: Fixture.at("2024-03-01T10:00:00.000Z"))
            let opened = Fixture.incident("inc_1", monitor: api, openedAt: Fixture.at("2024-03-01T10:05:00.000Z"))
            _ = try await store.openIncident(opened)
            let resolvedAt = Fixture.at("2024-03-01T10:17:30.500Z")
            let recoveries = [Fixture.verdict("local", .primary, at: resolvedAt.addingTimeInterval(-3), up: true),
                              Fixture.verdict("eu-west", .verification, at: resolvedAt.addingTimeInterval(-1), up: true)]
            try await store.resolveIncident(id: "inc_1", at: resolvedAt, recoveries: recoveries)

            let resolved = try #require(try await store.incident(id: "inc_1"))
            #expect(resolved.state == .resolved)
            #expect(resolved.resolvedAt == resolvedAt)
            #expect(resolved.recoveries.map(\.probe) == ["local", "eu-west"])
            #expect(try Fixture.json(resolved.recoveries) == Fixture.json(recoveries))
            #expect(try Fixture.json(resolved.verifications) == Fixture.json(opened.verifications))
            #expect(try await store.openIncident(monitor: api.id) == nil)
            let up = try #require(try await store.monitor(id: api.id))
            #expect(up.state == .up)
            #expect(up.stateSince == resolvedAt)

            try await store.resolveIncident(id: "inc_1", at: resolvedAt.addingTimeInterval(60), recoveries: [])
            let again = try #require(try await store.incident(id: "inc_1"))
            #expect(again.resolvedAt == resolvedAt)
            #expect(again.recoveries.count == 2)
            #expect(try await store.monitor(id: api.id)?.stateSince == resolvedAt)
            await #expect(throws: StoreError.unknownIncident(id: "inc_missing")) {
                try await store.resolveIncident(id: "inc_missing", at: resolvedAt, recoveries: [])
            }
        }
    }

    func incidentsFilteredByStateAndMonitor() async throws {
        try await withFreshStore { store in
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            let a = try await store.upsertMonitor(name: "a", endpoint: Fixture.endpoint, interval: .seconds(30), now: now)
            let b = try await store.upsertMonitor(name: "b", endpoint: Fixture.endpoint, interval: .seconds(30), now: now)
            _ = try await store.openIncident(Fixture.incident("a1", monitor: a, openedAt: now.addingTimeInterval(60)))
            try await store.resolveIncident(id: "a1", at: now.addingTimeInterval(90), recoveries: [])
            _ = try await store.openIncident(Fixture.incident("b1", monitor: b, openedAt: now.addingTimeInterval(120)))
            _ = try await store.openIncident(Fixture.incident("a2", monitor: a, openedAt: now.addingTimeInterval(180)))

            func ids(_ state: Incident.State?, _ monitor: String?, limit: Int = 10) async throws -> [String] {
                try await store.incidents(state: state, monitor: monitor, limit: limit).map(\.id)
            }
            #expect(try await ids(nil, nil) == ["a2", "b1", "a1"])
            #expect(try await ids(.open, nil) == ["a2", "b1"])
            #expect(try await ids(.resolved, nil) == ["a1"])
            #expect(try await ids(nil, a.id) == ["a2", "a1"])
            #expect(try await ids(.open, a.id) == ["a2"])
            #expect(try await ids(.resolved, b.id) == [])
            #expect(try await ids(nil, nil, limit: 1) == ["a2"])
            #expect(try await ids(nil, nil, limit: 0) == [])
            let b1 = try #require(try await store.incident(id: "b1"))
            #expect(b1.monitor == b.id)
            #expect(b1.monitorName == "b")
            #expect(b1.endpoint == Fixture.endpoint)
        }
    }

    func suppressedEpisodesRoundTrip() async throws {
        try await withFreshStore { store in
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30), now: now)
            let web = try await store.upsertMonitor(name: "web", endpoint: "https://www.example.com/", interval: .seconds(60), now: now)
            func episode(_ id: String, _ monitor: MonitorRecord, minutes: Double) -> SuppressedEpisode {
                let start = now.addingTimeInterval(minutes * 60)
                return SuppressedEpisode(
                    id: id, monitor: monitor.id, monitorName: monitor.name, endpoint: monitor.endpoint, startedAt: start,
                    decidedAt: start.addingTimeInterval(2.345), failure: Failure(.readTimeout, "no response head in 5s"),
                    verifications: [Fixture.verdict("local", .primary, at: start, up: false),
                                    Fixture.verdict("eu-west", .verification, at: start.addingTimeInterval(2), up: true)],
                    reason: "1 of 2 confirmations needed")
            }
            let episodes = [episode("sup_1", api, minutes: 1), episode("sup_2", web, minutes: 2), episode("sup_3", api, minutes: 3)]
            for item in episodes { try await store.recordSuppressed(item) }

            let all = try await store.suppressedEpisodes(monitor: nil, limit: 10)
            #expect(all.map(\.id) == ["sup_3", "sup_2", "sup_1"])
            #expect(try Fixture.json(all[2]) == Fixture.json(episodes[0]))
            #expect(all[2].decidedAt == episodes[0].decidedAt)
            #expect(all[2].reason == "1 of 2 confirmations needed")
            #expect(all[2].verifications.map(\.isUp) == [false, true])
            #expect(try await store.suppressedEpisodes(monitor: api.id, limit: 10).map(\.id) == ["sup_3", "sup_1"])
            #expect(try await store.suppressedEpisodes(monitor: api.id, limit: 1).map(\.id) == ["sup_3"])
            #expect(try await store.suppressedEpisodes(monitor: "mon_000000000000", limit: 10).isEmpty)
        }
    }

    /// `openIncident` writes the monitor's state, then the incident; when the incident cannot be written (its
    /// id is taken), the state change must be gone too.
    func failedTransactionLeavesNothing() async throws {
        try await withFreshStore { store in
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            let a = try await store.upsertMonitor(name: "a", endpoint: Fixture.endpoint, interval: .seconds(30), now: now)
            let b = try await store.upsertMonitor(name: "b", endpoint: Fixture.endpoint, interval: .seconds(30), now: now)
            _ = try await store.openIncident(Fixture.incident("inc_1", monitor: a, openedAt: now.addingTimeInterval(60)))
            try await store.resolveIncident(id: "inc_1", at: now.addingTimeInterval(120), recoveries: [])

            await #expect(throws: (any Error).self) {
                try await store.openIncident(Fixture.incident("inc_1", monitor: b, openedAt: now.addingTimeInterval(180)))
            }
            let untouched = try #require(try await store.monitor(id: b.id))
            #expect(untouched.state == .pending)
            #expect(untouched.stateSince == now)
            #expect(try await store.openIncident(monitor: b.id) == nil)
            let kept = try #require(try await store.incident(id: "inc_1"))
            #expect(kept.monitor == a.id)
            #expect(kept.state == .resolved)

            // An observation of a monitor that does not exist is refused whole: no rollup counts it either.
            let ghost = MonitorRecord(id: "mon_000000000000", name: "ghost", endpoint: Fixture.endpoint, intervalMs: 1000,
                                      state: .pending, stateSince: now, createdAt: now, retired: false)
            await #expect(throws: (any Error).self) {
                try await store.recordObservation(Fixture.record(ghost, at: now))
            }
            #expect(try await store.rollups(monitor: ghost.id, period: .hour, from: now.addingTimeInterval(-3600),
                                             to: now.addingTimeInterval(3600)).isEmpty)
        }
    }
}
