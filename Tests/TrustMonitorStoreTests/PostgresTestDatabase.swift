import Foundation
import Logging
import PostgresNIO
@testable import TrustMonitorStore

/// Fresh databases on the PostgreSQL server named in `TRUSTMONITOR_TEST_POSTGRES_URL` (`scripts/test` starts a
/// throwaway one and sets it): each is `CREATE DATABASE tm_<uuid>` and dropped afterwards.
///
/// Without that variable every PostgreSQL test fails, saying how to run them: CI must never skip them silently.
enum PostgresTestDatabase {
    static let environmentVariable = "TRUSTMONITOR_TEST_POSTGRES_URL"

    struct ServerMissing: Error, CustomStringConvertible {
        let description: String
    }

    /// The test server: a user there may create and drop databases.
    static func server() throws -> PostgresEndpoint {
        guard let url = ProcessInfo.processInfo.environment[environmentVariable], !url.isEmpty else {
            throw ServerMissing(description: """
                \(environmentVariable) is unset, so the PostgreSQL store cannot be tested: run scripts/test (it starts \
                a throwaway PostgreSQL 15 and sets it), or start one with `scripts/postgres start DIR` and set \
                \(environmentVariable) to the URL it prints
                """)
        }
        return try PostgresEndpoint(url: url)
    }

    static func make() async throws -> TestDatabase {
        let (server, endpoint) = try await create()
        return TestDatabase(open: { try await PostgresStore.open(endpoint) }, destroy: { try await drop(endpoint, on: server) })
    }

    /// For PostgreSQL-only checks: a fresh database, its endpoint for opening stores on it, dropped after.
    static func withDatabase<T>(_ body: (PostgresEndpoint) async throws -> T) async throws -> T {
        let (server, endpoint) = try await create()
        do {
            let result = try await body(endpoint)
            try await drop(endpoint, on: server)
            return result
        } catch {
            try? await drop(endpoint, on: server)
            throw error
        }
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
        let store = try await PostgresStore.open(endpoint, maximumConnections: maximumConnections)
        do {
            let result = try await body(store)
            try await store.close()
            return result
        } catch {
            try? await store.close()
            throw error
        }
    }

    private static func create() async throws -> (server: PostgresEndpoint, database: PostgresEndpoint) {
        let server = try server()
        // Made of a UUID's hex digits only: a database name cannot be a bound parameter.
        let name = "tm_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await administer(server, "CREATE DATABASE \(unescaped: name)")
        var database = server
        database.database = name
        return (server, database)
    }

    /// `WITH (FORCE)` ends sessions a failed check left open.
    private static func drop(_ database: PostgresEndpoint, on server: PostgresEndpoint) async throws {
        guard let name = database.database else { return }
        try await administer(server, "DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)")
    }

    private static func administer(_ server: PostgresEndpoint, _ statement: PostgresQuery) async throws {
        let logger = Logger(label: "trustmonitor.tests.postgres")
        let connection = try await PostgresConnection.connect(configuration: try server.connectionConfiguration(), id: 0,
                                                              logger: logger)
        do {
            try await connection.query(statement, logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw (error as? PSQLError).map { PostgresStoreError($0) as any Error } ?? error
        }
    }
}
