import struct Foundation.Data
import Logging
import PostgresNIO

/// One leased connection inside one store call: a transaction (`PostgresStore.write`) or a single statement
/// (`PostgresStore.read`). Statements are `PostgresQuery` string interpolations, whose values travel as bound
/// parameters: SQL text is never built from values.
///
/// Every result is read to its end before the next statement runs, so the connection goes back to the pool idle.
struct PostgresSession: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs a statement and discards what it returns.
    func execute(_ query: PostgresQuery) async throws {
        for try await _ in try await connection.query(query, logger: logger) {}
    }

    /// Runs a query and maps every row; a column that does not decode is `StoreError.corrupt`.
    /// All rows are read before the first is mapped, so a row that fails to map leaves no result half-read.
    func rows<T>(_ query: PostgresQuery, _ map: (PostgresRow) throws -> T) async throws -> [T] {
        let rows = try await connection.query(query, logger: logger).collect()
        do {
            return try rows.map(map)
        } catch let error as PostgresDecodingError {
            throw StoreError.corrupt("column \(error.columnName) is not a \(error.targetType) "
                + "(\(error.code), PostgreSQL type \(error.postgresType)) (in: \(query.sql))")
        }
    }

    /// The first row, mapped; nil when there is none. Queries that may match several rows say `LIMIT 1`.
    func first<T>(_ query: PostgresQuery, _ map: (PostgresRow) throws -> T) async throws -> T? {
        try await rows(query, map).first
    }
}

extension StoreJSON {
    /// Decodes a `body` column read as text.
    static func decode<T: Decodable>(_ type: T.Type, text: String, what: String) throws -> T {
        try decode(type, from: Data(text.utf8), what: what)
    }
}
