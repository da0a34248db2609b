import Testing
import TrustMonitorStore
import TrustMonitorTestSupport

/// A database a conformance check may open, close and open again (a restart), then throw away.
struct TestDatabase: Sendable {
    /// Opens the same database each time it is called; the check migrates and closes what it opens.
    let open: @Sendable () async throws -> any Store
    let destroy: @Sendable () async throws -> Void
}

/// The one `Store` test suite. A backend runs every check here with its own fresh databases (SQLite files now,
/// PostgreSQL schemas later) and is done when all pass. Checks use only the `Store` protocol.
struct StoreConformance: Sendable {
    let makeDatabase: @Sendable () async throws -> TestDatabase

    /// Runs `body` with a fresh database, removed afterwards whatever happened.
    func withDatabase<T>(_ body: (TestDatabase) async throws -> T) async throws -> T {
        let database = try await makeDatabase()
        do {
            let result = try await body(database)
            try await database.destroy()
            return result
        } catch {
            try? await database.destroy()
            throw error
        }
    }

    /// Opens and migrates the database, runs `body`, and closes the store even when `body` throws.
    func withStore<T>(_ database: TestDatabase, _ body: (any Store) async throws -> T) async throws -> T {
        try await withClosing(try await database.open()) { store in
            try await store.migrate()
            return try await body(store)
        }
    }

    /// A fresh database opened once: most checks need no restart.
    func withFreshStore<T>(_ body: (any Store) async throws -> T) async throws -> T {
        try await withDatabase { database in try await withStore(database, body) }
    }
}
