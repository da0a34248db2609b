import Foundation
import Logging
import PostgresNIO
@testable import TrustMonitorStore

/// Fresh databases on the PostgreSQL server named in `TRUSTMONITOR_TEST_POSTGRES_URL` (`scripts/test` starts a
/// throwaway one and sets it): each is `CREATE DATABASE tm_<uuid>`, dropped afterwards.
///
/// Without that variable every PostgreSQL test fails, saying how to run them: CI must never skip them silently.
public enum TestPostgres {
    public static let environmentVariable = "TRUSTMONITOR_TEST_POSTGRES_URL"

    struct ServerMissing: Error, CustomStringConvertible {
        let description: String
    }

    /// The test server: a user there may create and drop databases.
    static func server() throws -> PostgresEndpoint {
        guard let url = ProcessInfo.processInfo.environment[environmentVariable], !url.isEmpty else {
            throw ServerMissing(description: """
                \(environmentVariable) is unset, so PostgreSQL cannot be tested: run scripts/test (it starts \
                a throwaway PostgreSQL 15 and sets it), or start one with `scripts/postgres start DIR` and set \
                \(environmentVariable) to the URL it prints
                """)
        }
        return try PostgresEndpoint(url: url)
    }

    /// A fresh database's endpoint, with the server it is on (to drop it from).
    static func create() async throws -> (server: PostgresEndpoint, database: PostgresEndpoint) {
        let server = try server()
        // Made of a UUID's hex digits only: a database name cannot be a bound parameter.
        let name = "tm_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await administer(server, "CREATE DATABASE \(unescaped: name)")
        var database = server
        database.database = name
        return (server, database)
    }

    /// `WITH (FORCE)` ends sessions a failed test left open.
    static func drop(_ database: PostgresEndpoint, on server: PostgresEndpoint) async throws {
        guard let name = database.database else { return }
        try await administer(server, "DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)")
    }

    /// Runs `body` with a fresh database's URL (for `PostgresStore.open(url:)` or a configuration), dropped
    /// afterwards whatever happened.
    public static func withDatabase<T>(_ body: (String) async throws -> T) async throws -> T {
        try await withEndpoint { endpoint in try await body(try databaseURL(endpoint.database ?? "")) }
    }

    /// Runs `body` with a fresh database's endpoint, dropped afterwards whatever happened.
    static func withEndpoint<T>(_ body: (PostgresEndpoint) async throws -> T) async throws -> T {
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

    /// The server's URL with another database in its path.
    static func databaseURL(_ name: String) throws -> String {
        let url = ProcessInfo.processInfo.environment[environmentVariable] ?? ""
        guard var components = URLComponents(string: url) else {
            throw ServerMissing(description: "\(environmentVariable) is not a URL: \(url)")
        }
        components.path = "/" + name
        guard let result = components.string else {
            throw ServerMissing(description: "\(environmentVariable) cannot name database \(name): \(url)")
        }
        return result
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
