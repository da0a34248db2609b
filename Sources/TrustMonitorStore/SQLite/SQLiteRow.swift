import CSQLite
import struct Foundation.Data
import struct Foundation.Date

/// The current row of a stepping statement; valid only inside the closure it is handed to.
struct SQLiteRow {
    let statement: OpaquePointer
    let sql: String

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    func int64(_ column: Int32) throws -> Int64 {
        try required(column)
        return sqlite3_column_int64(statement, column)
    }

    func optionalInt64(_ column: Int32) -> Int64? {
        isNull(column) ? nil : sqlite3_column_int64(statement, column)
    }

    func double(_ column: Int32) throws -> Double {
        try required(column)
        return sqlite3_column_double(statement, column)
    }

    func text(_ column: Int32) throws -> String {
        try required(column)
        return String(decoding: bytes(column), as: UTF8.self)
    }

    func optionalText(_ column: Int32) throws -> String? { isNull(column) ? nil : try text(column) }

    /// The column's bytes as stored, for JSON bodies (no detour through `String`).
    func data(_ column: Int32) throws -> Data {
        try required(column)
        return Data(bytes(column))
    }

    func date(_ column: Int32) throws -> Date { Date(epochMilliseconds: try int64(column)) }

    func optionalDate(_ column: Int32) -> Date? { optionalInt64(column).map(Date.init(epochMilliseconds:)) }

    private func bytes(_ column: Int32) -> UnsafeRawBufferPointer {
        // sqlite3_column_text before sqlite3_column_bytes, as SQLite documents, so the count is of UTF-8 bytes.
        let base = sqlite3_column_text(statement, column)
        let count = Int(sqlite3_column_bytes(statement, column))
        return UnsafeRawBufferPointer(start: UnsafeRawPointer(base), count: base == nil ? 0 : count)
    }

    private func required(_ column: Int32) throws {
        if isNull(column) {
            let name = sqlite3_column_name(statement, column).map { String(cString: $0) } ?? "#\(column)"
            throw StoreError.corrupt("column \(name) is NULL where a value is required (in: \(sql))")
        }
    }
}
