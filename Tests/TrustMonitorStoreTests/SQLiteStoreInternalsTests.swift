import Foundation
import Testing
@testable import TrustMonitorStore
import TrustMonitorCore

/// What only the SQLite backend has: its connection settings, its migration bookkeeping, its constraints.
@Suite struct SQLiteStoreInternalsTests {
    private struct Boom: Error {}

    @Test func migrationsAreRecordedOnce() async throws {
        try await SQLiteTestDatabase.withStore { store, _ in
            try await store.migrate()
            let versions = try await store.read { db in
                try db.query("SELECT version FROM schema_migrations ORDER BY version", cached: false) { try $0.int64(0) }
            }
            #expect(versions == Migration.all.map { Int64($0.version) })
        }
    }

    @Test func connectionIsDurableAndStrict() async throws {
        try await SQLiteTestDatabase.withStore { store, _ in
            let settings = try await store.read { db in
                try ["journal_mode", "synchronous", "foreign_keys", "busy_timeout"].map { pragma in
                    try db.query("PRAGMA \(pragma)", cached: false) { try $0.text(0) }.first ?? ""
                }
            }
            #expect(settings == ["wal", "1", "1", "5000"])
        }
    }

    @Test func newerSchemaIsRefused() async throws {
        try await SQLiteTestDatabase.withStore { store, _ in
            try await store.write { db in
                try db.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                               [.integer(99), .text("2030-01-01T00:00:00.000Z")], cached: false)
            }
            await #expect(throws: StoreError.schemaTooNew(applied: 99, known: Migration.all.count)) {
                try await store.migrate()
            }
        }
    }

    @Test func failedWriteRollsBackEverything() async throws {
        try await SQLiteTestDatabase.withStore { store, _ in
            await #expect(throws: Boom.self) {
                try await store.write { db in
                    try db.execute("""
                        INSERT INTO monitors (id, name, endpoint, interval_ms, state, state_since, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, [.text("mon_aaaaaaaaaaaa"), .text("api"), .text(Fixture.endpoint), .integer(1000),
                              .text("pending"), .integer(0), .integer(0)], cached: false)
                    throw Boom()
                }
            }
            #expect(try await store.monitors().isEmpty)
            // The connection is out of the failed transaction: the next write works.
            let monitor = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(1),
                                                        now: Date())
            #expect(try await store.monitors().map(\.id) == [monitor.id])
        }
    }

    /// The partial unique index, not only the check in `openIncident`, refuses a second open incident.
    @Test func indexRefusesSecondOpenIncident() async throws {
        try await SQLiteTestDatabase.withStore { store, _ in
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30), now: now)
            _ = try await store.openIncident(Fixture.incident("inc_1", monitor: api, openedAt: now))
            let insert = "INSERT INTO incidents (id, monitor_id, state, opened_at, body) VALUES (?, ?, 'open', ?, ?)"
            await #expect {
                try await store.write { db in
                    try db.execute(insert, [.text("inc_2"), .text(api.id), .integer(0), .text("{}")], cached: false)
                }
            } throws: { error in
                guard case let .sqlite(code, message, _) = error as? StoreError else { return false }
                return code == 2067 && message.contains("incidents.monitor_id")  // SQLITE_CONSTRAINT_UNIQUE
            }
        }
    }

    /// Two processes (here: two connections to one file) opening an incident for one monitor at once end up
    /// with one open incident, which both are told about.
    @Test func racingConnectionsOpenOneIncident() async throws {
        try await SQLiteTestDatabase.withStore { store, path in
            let other = try await SQLiteStore.open(path: path)
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            do {
                let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30), now: now)
                async let first = store.openIncident(Fixture.incident("inc_a", monitor: api, openedAt: now))
                async let second = other.openIncident(Fixture.incident("inc_b", monitor: api, openedAt: now))
                let ids = try await [first.id, second.id]
                #expect(ids[0] == ids[1])
                #expect(try await store.incidents(state: .open, monitor: nil, limit: 10).map(\.id) == [ids[0]])
                try await other.close()
            } catch {
                try? await other.close()
                throw error
            }
        }
    }

    @Test func unreadableRowsAreReportedNotCrashed() async throws {
        try await SQLiteTestDatabase.withStore { store, _ in
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30), now: now)
            try await store.write { db in
                try db.execute("INSERT INTO incidents (id, monitor_id, state, opened_at, body) VALUES (?, ?, 'resolved', 0, ?)",
                               [.text("inc_bad"), .text(api.id), .text(#"{"id": 1}"#)], cached: false)
                try db.execute("UPDATE monitors SET state = ? WHERE id = ?", [.text("sleeping"), .text(api.id)], cached: false)
            }
            await #expect {
                try await store.incident(id: "inc_bad")
            } throws: { error in
                guard case let .corrupt(reason) = error as? StoreError else { return false }
                return reason.contains("incident inc_bad")
            }
            await #expect(throws: StoreError.corrupt("monitor \(api.id) has unknown state sleeping")) {
                try await store.monitor(id: api.id)
            }
        }
    }

    @Test func observationOfUnknownMonitorNamesTheConstraint() async throws {
        try await SQLiteTestDatabase.withStore { store, _ in
            let now = Date()
            let ghost = MonitorRecord(id: "mon_000000000000", name: "ghost", endpoint: Fixture.endpoint, intervalMs: 1000,
                                      state: .pending, stateSince: now, createdAt: now, retired: false)
            await #expect {
                try await store.recordObservation(Fixture.record(ghost, at: now))
            } throws: { error in
                guard case let .sqlite(code, message, statement) = error as? StoreError else { return false }
                return code == 787 && message.contains("FOREIGN KEY") && statement.contains("INSERT INTO observations")
            }
        }
    }

    @Test func migrationListIsOrderedAndPortable() {
        #expect(Migration.all.map(\.version) == Array(1...Migration.all.count))
        let postgres = Migration.all.flatMap { $0.statements(for: .postgres) }
        let sqlite = Migration.all.flatMap { $0.statements(for: .sqlite) }
        #expect(!postgres.contains { $0.contains("{{") || $0.contains("INTEGER PRIMARY KEY") })
        #expect(postgres.contains { $0.contains("id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY") })
        #expect(sqlite.contains { $0.contains("id INTEGER PRIMARY KEY,") })
        #expect(!(postgres + sqlite).contains { $0.uppercased().contains("AUTOINCREMENT") || $0.contains("DATETIME") })
    }

    @Test func monitorIDsAreRandomHex() {
        let ids = (0..<100).map { _ in MonitorID.make() }
        #expect(ids.allSatisfy { $0.wholeMatch(of: /mon_[0-9a-f]{12}/) != nil })
        #expect(Set(ids).count == 100)
    }
}
