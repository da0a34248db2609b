import Foundation
import Testing
import TrustMonitorConfig
import TrustMonitorEngine
import TrustMonitorServer
import TrustMonitorStore
@testable import TrustMonitorTestSupport

/// The file's monitors and the API's as the one set the engine runs: API monitors are really checked, a reload
/// keeps them, the file wins a name both claim, and a change taken by a standby reaches the active replica.
@Suite struct MonitorSetTests {
    static func monitor(_ name: String, url: String) -> String {
        #"{"name": "\#(name)", "url": "\#(url)", "interval": "200ms", "timeout": "150ms"}"#
    }

    @Test func theEngineChecksAnAPIMonitorUntilItIsDeleted() async throws {
        let target = try await TestServer.start { _ in .ok() }
        try await MonitorAdminHarness.with(checking: true) { api in
            let created = try await api.send("POST", "/monitors", Self.monitor("target", url: target.url("/health")))
            let id = try #require(created.json["id"] as? String)
            #expect(await eventually { target.requestCount >= 2 }, "the engine checks it")
            #expect(await eventually { try await api.store.observations(monitor: id, since: nil, limit: 1).count == 1 })
            #expect(await eventually { try await api.send("GET", "/monitors/\(id)").json["state"] as? String == "up" })

            #expect(try await api.send("DELETE", "/monitors/\(id)").status == 204)
            #expect(await api.engine.definition(id) == nil)
            // A check in flight, or queued before the delete, may still land (later on a loaded machine); after that,
            // none.
            #expect(await eventually(within: .seconds(20)) {
                let before = target.requestCount
                try await Task.sleep(for: .milliseconds(500))
                return target.requestCount == before
            })
            let settled = target.requestCount
            try await Task.sleep(for: .milliseconds(800))
            #expect(target.requestCount == settled, "checking stopped")
        }
        try await target.shutdown()
    }

    @Test func aConfigReloadKeepsTheAPIsMonitorsAndWindows() async throws {
        try await MonitorAdminHarness.with { api in
            let created = try await api.send("POST", "/monitors", Self.monitor("from-api", url: "http://127.0.0.1:1/"))
            let id = try #require(created.json["id"] as? String)
            let window = try await api.send("POST", "/maintenance",
                                            #"{"name": "api-window", "start": "2026-01-01T00:00:00Z", "duration": "1h"}"#)
            #expect(window.status == 201)
            let web = try #require(try await api.store.monitor(name: "web"))

            let reloaded = try MonitorAdminHarness.parse("monitors:\n  - {name: other, url: 'http://127.0.0.1:2/'}\n")
            try await api.monitors.reload(reloaded, configured: try await MonitorSet.register(reloaded, store: api.store))

            #expect(await api.engine.definition(id)?.name == "from-api", "the API's monitor still runs")
            #expect(try await api.store.monitor(id: id)?.retired == false)
            #expect(try await api.store.monitor(id: web.id)?.retired == true, "the file's removed monitor is retired")
            #expect(await api.engine.definition(web.id) == nil)
            #expect(await api.engine.alertSettings.maintenance.map(\.name) == ["api-window"])
            let list = try #require(try await api.send("GET", "/monitors").json["monitors"] as? [[String: Any]])
            #expect(Set(list.compactMap { $0["name"] as? String }) == ["from-api", "other"])
        }
    }

    /// The file names a monitor the API made: the file takes it over with its history, the API's definition goes.
    @Test func theFileWinsANameTheAPIUses() async throws {
        try await MonitorAdminHarness.with { api in
            let created = try await api.send("POST", "/monitors", Self.monitor("shared", url: "http://127.0.0.1:1/api"))
            let id = try #require(created.json["id"] as? String)
            let reloaded = try MonitorAdminHarness.parse(MonitorAdminHarness.configuration.replacingOccurrences(
                of: "\nalerts:", with: "\n  - {name: shared, url: 'http://127.0.0.1:1/file', interval: 45s}\nalerts:"))
            try await api.monitors.reload(reloaded, configured: try await MonitorSet.register(reloaded, store: api.store))

            let record = try #require(try await api.store.monitor(id: id))
            #expect(record.source == .config && !record.retired && record.intervalMs == 45_000, "same id: history kept")
            #expect(try await api.store.apiMonitors().isEmpty)
            #expect(await api.engine.definition(id)?.request.target.description == "http://127.0.0.1:1/file")
            let shown = try await api.send("GET", "/monitors/shared")
            #expect(shown.json["read_only"] as? Bool == true)
            #expect((shown.json["definition"] as? [String: Any])?["interval"] as? String == "45s")
            #expect(try await api.send("DELETE", "/monitors/shared").status == 409)
        }
    }

    /// Two replicas on one PostgreSQL database: a monitor created, paused and deleted through the standby's API
    /// reaches the active replica's engine by its poll.
    @Test func aChangeThroughTheStandbyReachesTheActiveEngine() async throws {
        try await TestPostgres.withDatabase { url in
            let activeStore = try await PostgresStore.open(url: url)
            let standbyStore = try await PostgresStore.open(url: url)
            try await activeStore.migrate()
            try await MonitorAdminHarness.with(store: activeStore, poll: .milliseconds(100)) { active in
                try await MonitorAdminHarness.with(store: standbyStore, active: false) { standby in
                    let created = try await standby.send("POST", "/monitors", Self.monitor("via-standby", url: "http://127.0.0.1:1/"))
                    #expect(created.status == 201)
                    let id = try #require(created.json["id"] as? String)
                    #expect(await standby.engine.definition(id) == nil, "a standby only stores")
                    #expect(await eventually { await active.engine.definition(id)?.name == "via-standby" })

                    #expect(try await standby.send("POST", "/monitors/\(id)/pause").status == 200)
                    #expect(await eventually { await active.engine.definition(id)?.paused == true })
                    let window = #"{"name": "w", "start": "2026-01-01T00:00:00Z", "duration": "1h"}"#
                    #expect(try await standby.send("POST", "/maintenance", window).status == 201)
                    #expect(await eventually { await active.engine.alertSettings.maintenance.contains { $0.name == "w" } })

                    #expect(try await standby.send("DELETE", "/monitors/via-standby").status == 204)
                    #expect(await eventually { await active.engine.definition(id) == nil })
                    #expect(await active.engine.definition(try #require(try await activeStore.monitor(name: "web")).id) != nil,
                            "the file's monitors undisturbed")
                }
            }
            try await standbyStore.close()
            try await activeStore.close()
        }
    }
}
