import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorStore

/// Monitors the API owns, maintenance windows made through the API, and incident comments.
extension StoreConformance {
    static func draft(_ name: String, interval: Duration = .seconds(30), paused: Bool? = nil) -> APIMonitorDraft {
        APIMonitorDraft(name: name, endpoint: Fixture.endpoint, interval: interval,
                        definition: #"{"name": "\#(name)", "url": "\#(Fixture.endpoint)"}"#, paused: paused)
    }

    func apiMonitorsAreCreatedReplacedPausedAndRetired() async throws {
        try await withFreshStore { store in
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            var stamp = try await store.apiChangeStamp()
            func changed() async throws -> Bool {
                let next = try await store.apiChangeStamp()
                defer { stamp = next }
                return next > stamp
            }
            let created = try await store.createAPIMonitor(Self.draft("api", paused: true), now: now)
            #expect(try await changed())
            #expect(created.source == .api && created.paused && !created.retired && created.state == .pending)
            #expect(created.id.wholeMatch(of: /mon_[0-9a-f]{12}/) != nil)
            #expect(try await store.monitor(name: "api") == created)
            #expect(try await store.apiMonitors() == [APIMonitor(record: created, definition: Self.draft("api").definition)])
            try await store.recordObservation(Fixture.record(created, at: now))

            // Replaced: a new name, interval and definition; no word on `paused` keeps the flag.
            var draft = Self.draft("api-v2", interval: .seconds(60))
            draft.definition = #"{"name": "api-v2"}"#
            let replaced = try await store.updateAPIMonitor(id: created.id, draft, now: now)
            #expect(try await changed())
            #expect(replaced.id == created.id && replaced.name == "api-v2" && replaced.intervalMs == 60_000)
            #expect(replaced.paused)
            #expect(try await store.apiMonitors().map(\.definition) == [#"{"name": "api-v2"}"#])
            #expect(try await store.monitor(name: "api") == nil)

            let resumed = try await store.setAPIMonitorPaused(id: created.id, paused: false, now: now)
            #expect(try await changed())
            #expect(!resumed.paused)

            try await store.deleteAPIMonitor(id: created.id, now: now.addingTimeInterval(60))
            #expect(try await changed())
            let retired = try #require(try await store.monitor(id: created.id))
            #expect(retired.retired && retired.source == .api)
            #expect(try await store.apiMonitors().isEmpty)
            #expect(try await store.observations(monitor: created.id, since: nil, limit: 10).count == 1, "history kept")
            await #expect(throws: StoreError.unknownMonitor(id: created.id)) {
                try await store.setAPIMonitorPaused(id: created.id, paused: true, now: now)
            }
            #expect(try await changed() == false, "a refused write counts no change")
        }
    }

    func apiMonitorNamesAreUniqueAcrossOwners() async throws {
        try await withFreshStore { store in
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            let file = try await store.upsertMonitor(name: "web", endpoint: Fixture.endpoint, interval: .seconds(30), now: now)
            #expect(file.source == .config && !file.paused)
            let api = try await store.createAPIMonitor(Self.draft("api"), now: now)
            let stamp = try await store.apiChangeStamp()

            await #expect(throws: StoreError.self) { try await store.createAPIMonitor(Self.draft("web"), now: now) }
            await #expect(throws: StoreError.self) { try await store.createAPIMonitor(Self.draft("api"), now: now) }
            await #expect(throws: StoreError.self) { try await store.updateAPIMonitor(id: api.id, Self.draft("web"), now: now) }
            for write in [
                { try await store.updateAPIMonitor(id: file.id, Self.draft("web"), now: now) },
                { try await store.setAPIMonitorPaused(id: file.id, paused: true, now: now) },
            ] as [() async throws -> MonitorRecord] {
                await #expect(throws: StoreError.configOwned(id: file.id)) { _ = try await write() }
            }
            await #expect(throws: StoreError.configOwned(id: file.id)) { try await store.deleteAPIMonitor(id: file.id, now: now) }
            await #expect(throws: StoreError.unknownMonitor(id: "mon_000000000000")) {
                try await store.deleteAPIMonitor(id: "mon_000000000000", now: now)
            }
            #expect(try await store.apiChangeStamp() == stamp)
            #expect(try await store.monitors() == [api, file], "refused writes change nothing")

            // A file load retires only the file's monitors.
            try await store.retireMonitors(notIn: [], now: now)
            #expect(try await store.monitor(id: api.id)?.retired == false)
            #expect(try await store.monitor(id: file.id)?.retired == true)

            // A retired monitor's name is taken over by the API, with its history.
            let takenOver = try await store.createAPIMonitor(Self.draft("web"), now: now)
            #expect(takenOver.id == file.id && takenOver.source == .api && !takenOver.retired)

            // The file naming an API monitor takes it over: its definition goes, and that counts as an API change.
            let before = try await store.apiChangeStamp()
            let reclaimed = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(10),
                                                          now: now)
            #expect(reclaimed.id == api.id && reclaimed.source == .config && reclaimed.intervalMs == 10_000)
            #expect(try await store.apiMonitors().map(\.record.name) == ["web"])
            #expect(try await store.apiChangeStamp() > before)
            let again = try await store.apiChangeStamp()
            _ = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(10), now: now)
            #expect(try await store.apiChangeStamp() == again, "the file's own monitor again is no API change")
        }
    }

    func maintenanceWindowsAreKeptUntilDeleted() async throws {
        try await withFreshStore { store in
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            let recurring = MaintenanceWindow(name: "nightly", start: Fixture.at("2024-03-02T02:00:00.000Z"),
                                              duration: .seconds(1800), every: .seconds(86_400), monitors: ["api"])
            let once = MaintenanceWindow(name: "move", start: Fixture.at("2024-03-01T12:00:00.000Z"),
                                         duration: .milliseconds(5_400_250), tags: ["db", "eu"])
            let stamp = try await store.apiChangeStamp()
            let first = try await store.addMaintenanceWindow(recurring, by: "ci", now: now)
            let second = try await store.addMaintenanceWindow(once, by: "alice", now: now)
            #expect(first.id.wholeMatch(of: /mnt_[0-9a-f]{12}/) != nil && first.id != second.id)
            #expect(first.createdBy == "ci" && first.createdAt == now)
            #expect(try await store.apiChangeStamp() == stamp + 2)
            #expect(try await store.maintenanceWindows() == [second, first], "by start")

            #expect(try await store.deleteMaintenanceWindow(id: second.id))
            #expect(try await store.deleteMaintenanceWindow(id: second.id) == false)
            #expect(try await store.maintenanceWindows() == [first])
            #expect(try await store.apiChangeStamp() == stamp + 3)
        }
    }

    func incidentCommentsKeepTheirOrder() async throws {
        try await withFreshStore { store in
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            let monitor = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30),
                                                        now: now)
            let incident = try await store.openIncident(Fixture.incident("inc_1", monitor: monitor, openedAt: now))
            var written: [IncidentComment] = []
            for (index, text) in ["looking", "it was the DNS", "fixed; ünïcode ✓"].enumerated() {
                // One millisecond for all: the order is the order written, not the clock's.
                written.append(try await store.addIncidentComment(incident: incident.id, by: "user-\(index)", text: text,
                                                                  at: now))
            }
            #expect(written.allSatisfy { $0.id.wholeMatch(of: /cmt_[0-9a-f]{12}/) != nil })
            #expect(try await store.incidentComments(incident: incident.id) == written)
            #expect(try await store.incidentComments(incident: "inc_none").isEmpty)
            await #expect(throws: StoreError.unknownIncident(id: "inc_none")) {
                try await store.addIncidentComment(incident: "inc_none", by: "x", text: "y", at: now)
            }
            #expect(try await store.incidentComments(incident: incident.id).count == 3)
        }
    }
}
