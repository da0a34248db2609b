import Foundation
import PostgresNIO
import Testing
@testable import TrustMonitorStore
import TrustMonitorCore

/// What only the PostgreSQL backend has: its migration bookkeeping, its constraints, its transactions on a
/// pool of connections, and how it fails when it cannot connect.
@Suite struct PostgresStoreInternalsTests {
    private struct Boom: Error {}

    @Test func migrationsAreRecordedOnce() async throws {
        try await PostgresTestDatabase.withStore { store, _ in
            try await store.migrate()
            let versions = try await store.read { session in
                try await session.rows("SELECT version FROM schema_migrations ORDER BY version") { try $0.decode(Int64.self) }
            }
            #expect(versions == Migration.all.map { Int64($0.version) })
        }
    }

    @Test func newerSchemaIsRefused() async throws {
        try await PostgresTestDatabase.withStore { store, _ in
            try await store.write { session in
                try await session.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (99, 'later')")
            }
            await #expect(throws: StoreError.schemaTooNew(applied: 99, known: Migration.all.count)) {
                try await store.migrate()
            }
        }
    }

    /// With one connection in the pool, the connection a failed write rolled back is the one the next write
    /// gets: it must be out of the failed transaction.
    @Test func failedWriteRollsBackEverything() async throws {
        try await PostgresTestDatabase.withStore(maximumConnections: 1) { store, _ in
            await #expect(throws: Boom.self) {
                try await store.write { session in
                    try await session.execute("""
                        INSERT INTO monitors (id, name, endpoint, interval_ms, state, state_since, created_at)
                        VALUES ('mon_aaaaaaaaaaaa', 'api', \(Fixture.endpoint), 1000, 'pending', 0, 0)
                        """)
                    throw Boom()
                }
            }
            #expect(try await store.monitors().isEmpty)
            // A statement the server refuses aborts the transaction; the rollback must still leave a clean connection.
            await #expect(throws: PostgresStoreError.self) {
                try await store.write { session in try await session.execute("SELECT * FROM no_such_table") }
            }
            let monitor = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(1),
                                                        now: Date())
            #expect(try await store.monitors().map(\.id) == [monitor.id])
        }
    }

    /// The partial unique index, not only the check in `openIncident`, refuses a second open incident.
    @Test func indexRefusesSecondOpenIncident() async throws {
        try await PostgresTestDatabase.withStore { store, _ in
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30), now: now)
            _ = try await store.openIncident(Fixture.incident("inc_1", monitor: api, openedAt: now))
            await #expect {
                try await store.write { session in
                    try await session.execute("""
                        INSERT INTO incidents (id, monitor_id, state, opened_at, body) VALUES ('inc_2', \(api.id), 'open', 0, '{}')
                        """)
                }
            } throws: { error in
                guard let error = error as? PostgresStoreError else { return false }
                return error.sqlState == "23505" && error.description.contains("incidents_one_open_per_monitor")
                    && error.description.contains("INSERT INTO incidents")
            }
        }
    }

    @Test func unreadableRowsAreReportedNotCrashed() async throws {
        try await PostgresTestDatabase.withStore { store, _ in
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30), now: now)
            try await store.write { session in
                try await session.execute("""
                    INSERT INTO incidents (id, monitor_id, state, opened_at, body) VALUES ('inc_bad', \(api.id), 'resolved', 0, '{"id": 1}')
                    """)
                try await session.execute("UPDATE monitors SET state = 'sleeping' WHERE id = \(api.id)")
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
        try await PostgresTestDatabase.withStore { store, _ in
            let now = Date()
            let ghost = MonitorRecord(id: "mon_000000000000", name: "ghost", endpoint: Fixture.endpoint, intervalMs: 1000,
                                      state: .pending, stateSince: now, createdAt: now, retired: false)
            await #expect {
                try await store.recordObservation(Fixture.record(ghost, at: now))
            } throws: { error in
                guard let error = error as? PostgresStoreError else { return false }
                return error.sqlState == "23503" && error.description.contains("observations_monitor_id_fkey")
                    && error.statement?.contains("INSERT INTO observations") == true
            }
        }
    }

    /// Durable writes commit to disk even where the server's default is not to (the test cluster runs with
    /// `synchronous_commit = off`); other settings are left as they are.
    @Test func durableWritesRaiseSynchronousCommit() async throws {
        try await PostgresTestDatabase.withStore(maximumConnections: 1) { store, _ in
            let setting = "SELECT current_setting('synchronous_commit')" as PostgresQuery
            try await store.write { session in try await session.execute("SET synchronous_commit = off") }
            let inside = try await store.write(durable: true) { session in
                try await session.first(setting) { try $0.decode(String.self) }
            }
            let after = try await store.read { session in try await session.first(setting) { try $0.decode(String.self) } }
            #expect(inside == "on")
            #expect(after == "off")
            try await store.read { session in try await session.execute("RESET synchronous_commit") }
        }
    }

    @Test func unreachableServerIsAClearError() async throws {
        let server = try PostgresTestDatabase.server()
        var closedPort = server
        closedPort.address = .tcp(host: "127.0.0.1", port: 1)
        closedPort.database = "tm_nowhere"
        await #expect {
            _ = try await PostgresStore.open(closedPort)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("PostgreSQL error: cannot connect to postgres://") && text.contains("127.0.0.1:1/tm_nowhere")
                && text.contains("refused")
        }

        var missing = server
        missing.database = "tm_no_such_database"
        await #expect {
            _ = try await PostgresStore.open(missing)
        } throws: { error in
            guard let error = error as? PostgresStoreError else { return false }
            return error.sqlState == "3D000" && error.message.contains("\"tm_no_such_database\" does not exist")
        }
    }

    @Test func passwordIsNeverInMessages() async throws {
        let endpoint = try PostgresEndpoint(url: "postgres://tm:s3cret@127.0.0.1:1/db?connect_timeout=2")
        #expect(!endpoint.description.contains("s3cret"))
        await #expect {
            _ = try await PostgresStore.open(endpoint)
        } throws: { error in
            !"\(error)".contains("s3cret") && "\(error)".contains("postgres://tm@127.0.0.1:1/db")
        }
    }
}
