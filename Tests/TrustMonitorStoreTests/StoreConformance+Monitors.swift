import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorStore

extension StoreConformance {
    func migrateTwiceIsANoOp() async throws {
        try await withFreshStore { store in
            let monitor = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint,
                                                        interval: .seconds(30), now: Fixture.at("2024-03-01T10:00:00.000Z"))
            try await store.migrate()
            try await store.migrate()
            #expect(try await store.monitors() == [monitor])
        }
    }

    func upsertKeepsIdentityByNameAcrossReopen() async throws {
        try await withDatabase { database in
            let created = Fixture.at("2024-03-01T10:00:00.000Z")
            let first = try await withStore(database) { store in
                let monitor = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint,
                                                            interval: .seconds(30), now: created)
                try await store.recordObservation(Fixture.record(monitor, at: created))
                return monitor
            }
            #expect(first.id.wholeMatch(of: /mon_[0-9a-f]{12}/) != nil, "id \(first.id)")
            #expect(first.name == "api")
            #expect(first.endpoint == Fixture.endpoint)
            #expect(first.intervalMs == 30_000)
            #expect(first.state == .pending)
            #expect(first.stateSince == created)
            #expect(first.createdAt == created)
            #expect(!first.retired)

            try await withStore(database) { store in
                let later = Fixture.at("2024-03-02T08:00:00.000Z")
                let again = try await store.upsertMonitor(name: "api", endpoint: "https://api.example.com/v2/health",
                                                          interval: .milliseconds(15_500), now: later)
                #expect(again.id == first.id)
                #expect(again.endpoint == "https://api.example.com/v2/health")
                #expect(again.intervalMs == 15_500)
                #expect(again.createdAt == created)
                #expect(again.state == .pending)
                #expect(try await store.observations(monitor: first.id, since: nil, limit: 10).count == 1)

                let other = try await store.upsertMonitor(name: "web", endpoint: "https://www.example.com",
                                                          interval: .seconds(60), now: later)
                #expect(other.id != first.id)
                #expect(try await store.monitor(id: first.id) == again)
                #expect(try await store.monitor(id: "mon_000000000000") == nil)
            }
        }
    }

    func retireAndUnretire() async throws {
        try await withFreshStore { store in
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            var ids: [String: String] = [:]
            for name in ["c-web", "a-api", "b-db"] {
                ids[name] = try await store.upsertMonitor(name: name, endpoint: Fixture.endpoint, interval: .seconds(30),
                                                          now: now).id
            }
            try await store.retireMonitors(notIn: ["a-api"], now: now.addingTimeInterval(60))
            let afterRetire = try await store.monitors()
            #expect(afterRetire.map(\.name) == ["a-api", "b-db", "c-web"])
            #expect(afterRetire.map(\.retired) == [false, true, true])

            let back = try await store.upsertMonitor(name: "b-db", endpoint: Fixture.endpoint, interval: .seconds(30),
                                                     now: now.addingTimeInterval(120))
            #expect(back.id == ids["b-db"])
            #expect(!back.retired)
            #expect(try await store.monitors().map(\.retired) == [false, false, true])

            try await store.retireMonitors(notIn: [], now: now.addingTimeInterval(180))
            #expect(try await store.monitors().allSatisfy(\.retired))
        }
    }

    func setMonitorStateIsKept() async throws {
        try await withFreshStore { store in
            let monitor = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30),
                                                        now: Fixture.at("2024-03-01T10:00:00.000Z"))
            let since = Fixture.at("2024-03-01T10:05:00.250Z")
            try await store.setMonitorState(id: monitor.id, state: .suspect, since: since)
            let stored = try #require(try await store.monitor(id: monitor.id))
            #expect(stored.state == .suspect)
            #expect(stored.stateSince == since)
            await #expect(throws: StoreError.unknownMonitor(id: "mon_ffffffffffff")) {
                try await store.setMonitorState(id: "mon_ffffffffffff", state: .up, since: since)
            }
        }
    }
}
