import Foundation
import PostgresNIO
@testable import TrustMonitorStore
@testable import TrustMonitorTestSupport

/// Fresh databases for the store's PostgreSQL checks (see `TestPostgres`: `CREATE DATABASE tm_<uuid>` on the
/// server in `TRUSTMONITOR_TEST_POSTGRES_URL`, dropped afterwards; without that variable every check fails,
/// saying how to run it).
enum PostgresTestDatabase {
    static let environmentVariable = TestPostgres.environmentVariable

    /// The test server: a user there may create and drop databases.
    static func server() throws -> PostgresEndpoint { try TestPostgres.server() }

    static func make() async throws -> TestDatabase {
        let (server, endpoint) = try await TestPostgres.create()
        return TestDatabase(open: { try await PostgresStore.open(endpoint) },
                            destroy: { try await TestPostgres.drop(endpoint, on: server) })
    }

    /// For PostgreSQL-only checks: a fresh database, its endpoint for opening stores on it, dropped after.
    static func withDatabase<T>(_ body: (PostgresEndpoint) async throws -> T) async throws -> T {
        try await TestPostgres.withEndpoint(body)
    }

    /// A migrated store on a fresh database, closed and dropped after.
    static func withStore<T>(maximumConnections: Int = PostgresStore.defaultMaximumConnections,
                             _ body: (PostgresStore, PostgresEndpoint) async throws -> T) async throws -> T {
        try await withDatabase { endpoint in
            try await withOpenStore(endpoint, maximumConnections: maximumConnections) { store in
                try await store.migrate()
                return try await body(store, endpoint)
            }
        }
    }

    /// Opens a store on `endpoint`, runs `body`, and closes the store even when `body` throws.
    static func withOpenStore<T>(_ endpoint: PostgresEndpoint, maximumConnections: Int = PostgresStore.defaultMaximumConnections,
                                 _ body: (PostgresStore) async throws -> T) async throws -> T {
        try await withClosing(try await PostgresStore.open(endpoint, maximumConnections: maximumConnections), body)
    }
}
