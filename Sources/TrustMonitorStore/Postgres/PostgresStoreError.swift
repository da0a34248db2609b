#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix
import PostgresNIO

/// What PostgreSQL said when it refused a statement or a connection: its SQLSTATE, its message, and the SQL
/// that failed (never the values bound to it), so an operator can act on the log line alone.
///
/// postgres-nio's own `PSQLError` prints a generic text on purpose (its values could reach end users); the store's
/// errors go to operators' logs and the CLI, so they carry the server's words.
public struct PostgresStoreError: Error, Sendable, CustomStringConvertible {
    /// The server's error code (`23505` unique violation, `23503` foreign key violation, `3D000` no such
    /// database, …); nil when no server answered (connection refused, TLS, a dropped connection).
    public let sqlState: String?
    public let message: String
    /// The statement that failed, when one did.
    public let statement: String?

    init(sqlState: String?, message: String, statement: String?) {
        self.sqlState = sqlState
        self.message = message
        self.statement = statement
    }

    public var description: String {
        let code = sqlState.map { "PostgreSQL error \($0)" } ?? "PostgreSQL error"
        return "\(code): \(message)" + (statement.map { " (in: \($0))" } ?? "")
    }

    /// The server's message with its detail, or the client's reason when the server never answered.
    init(_ error: PSQLError) {
        if let server = error.serverInfo, let text = server[.message] {
            let detail = server[.detail].map { " (\($0))" } ?? ""
            self.init(sqlState: server[.sqlState], message: text + detail, statement: error.query?.sql)
        } else {
            let reason = error.underlying.map(Self.reason) ?? "\(error.code)"
            self.init(sqlState: nil, message: reason, statement: error.query?.sql)
        }
    }

    /// The store cannot reach the server, or the server refuses us (no such database, authentication).
    static func unreachable(_ endpoint: PostgresEndpoint, _ error: any Error) -> PostgresStoreError {
        let cause = (error as? PSQLError).map(PostgresStoreError.init) ?? PostgresStoreError(
            sqlState: nil, message: reason(error), statement: nil)
        return PostgresStoreError(sqlState: cause.sqlState, message: "cannot connect to \(endpoint): \(cause.message)",
                                  statement: nil)
    }

    /// A lower layer's error in words: NIO's connection errors list every address tried, system errors say
    /// what the system says ("Connection refused").
    private static func reason(_ error: any Error) -> String {
        if let connection = error as? NIOConnectionError, !connection.connectionErrors.isEmpty {
            return connection.connectionErrors.map { failure in
                let address = failure.target.ipAddress.map { "\($0):\(failure.target.port ?? 0)" } ?? "\(failure.target)"
                return "\(address): \(reason(failure.error))"
            }.joined(separator: "; ")
        }
        if let system = error as? IOError { return String(cString: strerror(system.errnoCode)) }
        return "\(error)"
    }
}
