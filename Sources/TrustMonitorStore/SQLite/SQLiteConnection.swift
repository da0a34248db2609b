import CSQLite

/// One SQLite database handle and its cached prepared statements.
///
/// Not thread-safe, and deliberately not `Sendable`: the store reaches it only through `ConfinedConnection`,
/// on the store's own thread. Values reach SQL only as bound parameters; the SQL texts are constants, and each
/// is prepared once and kept (keyed by its text) for the life of the connection.
final class SQLiteConnection {
    /// How long a statement waits for another process's write lock before failing with `SQLITE_BUSY`.
    static let busyTimeoutMs: Int32 = 5000

    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]

    /// Opens (creating if needed) the database file and sets it up for durable, concurrent use.
    ///
    /// - WAL journal: readers never block the writer, and a commit is one append to the `-wal` file.
    /// - `synchronous=NORMAL`: in WAL mode SQLite then syncs only at checkpoints, not at every commit. A commit
    ///   has still been handed to the OS (`write` returned) before COMMIT returns, so a process crash, even a
    ///   `kill -9`, loses nothing committed: the kernel owns those pages and the next open replays the WAL
    ///   (every frame is checksummed; a torn tail is ignored). Only a power loss or OS crash before the next
    ///   sync can lose the last few transactions, and even then the file is consistent, never corrupt: each
    ///   lost transaction is lost whole. `FULL` would close that window at the price of an fsync per check.
    /// - `foreign_keys=ON`: rows cannot name a monitor that does not exist.
    /// - A busy timeout, so another process's short write (a CLI, a second server) is waited for, not failed.
    static func open(path: String) throws -> SQLiteConnection {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw StoreError.sqlite(code: rc, message: message, statement: "open \(path)")
        }
        let connection = SQLiteConnection(handle: db)
        do {
            sqlite3_busy_timeout(db, busyTimeoutMs)
            let mode = try connection.query("PRAGMA journal_mode = WAL", cached: false) { try $0.text(0) }.first
            if mode?.lowercased() != "wal" && path != ":memory:" {
                throw StoreError.sqlite(code: SQLITE_ERROR, message: "journal mode is \(mode ?? "unknown"), not wal",
                                        statement: "PRAGMA journal_mode = WAL")
            }
            try connection.execute("PRAGMA synchronous = NORMAL", cached: false)
            try connection.execute("PRAGMA foreign_keys = ON", cached: false)
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit { close() }

    /// Finalizes every statement and closes the handle; calling it again does nothing.
    func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements = [:]
        // close_v2 never fails for lack of finalization: every statement was finalized just above.
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Runs a statement that returns no rows; returns how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ values: [SQLValue] = [], cached: Bool = true) throws -> Int {
        try withStatement(sql, values, cached: cached) { statement, db in
            while try step(statement, sql) {}
            return Int(sqlite3_changes64(db))
        }
    }

    /// Runs a query and maps every row.
    func query<T>(_ sql: String, _ values: [SQLValue] = [], cached: Bool = true,
                  _ map: (SQLiteRow) throws -> T) throws -> [T] {
        try withStatement(sql, values, cached: cached) { statement, _ in
            var rows: [T] = []
            while try step(statement, sql) { rows.append(try map(SQLiteRow(statement: statement, sql: sql))) }
            return rows
        }
    }

    /// Runs a query and maps its first row, if any.
    func queryFirst<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (SQLiteRow) throws -> T) throws -> T? {
        try withStatement(sql, values, cached: true) { statement, _ in
            try step(statement, sql) ? try map(SQLiteRow(statement: statement, sql: sql)) : nil
        }
    }

    /// Whether a transaction is open (SQLite is not in autocommit mode).
    var inTransaction: Bool { handle.map { sqlite3_get_autocommit($0) == 0 } ?? false }

    private func withStatement<T>(_ sql: String, _ values: [SQLValue], cached: Bool,
                                  _ body: (OpaquePointer, OpaquePointer) throws -> T) throws -> T {
        guard let db = handle else { throw StoreError.closed }
        let statement = try prepare(sql, db: db, cached: cached)
        defer {
            if cached {
                sqlite3_reset(statement)
                sqlite3_clear_bindings(statement)
            } else {
                sqlite3_finalize(statement)
            }
        }
        try bind(values, to: statement, sql: sql, db: db)
        return try body(statement, db)
    }

    private func prepare(_ sql: String, db: OpaquePointer, cached: Bool) throws -> OpaquePointer {
        if cached, let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let flags = cached ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let rc = sqlite3_prepare_v3(db, sql, -1, flags, &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw error(rc, sql)
        }
        if cached { statements[sql] = statement }
        return statement
    }

    private func bind(_ values: [SQLValue], to statement: OpaquePointer, sql: String, db: OpaquePointer) throws {
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard values.count == expected else {
            throw StoreError.sqlite(code: SQLITE_RANGE, message: "\(values.count) values for \(expected) parameters",
                                    statement: sql)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case let .integer(number): rc = sqlite3_bind_int64(statement, index, number)
            case let .real(number): rc = sqlite3_bind_double(statement, index, number)
            case .null: rc = sqlite3_bind_null(statement, index)
            case let .text(text):
                var text = text
                rc = text.withUTF8 { utf8 in
                    // A nil base (empty string) would bind NULL; an empty text must stay an empty text.
                    guard let base = utf8.baseAddress else {
                        return sqlite3_bind_text(statement, index, "", 0, sqliteTransient)
                    }
                    return sqlite3_bind_text64(statement, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self),
                                               UInt64(utf8.count), sqliteTransient, UInt8(SQLITE_UTF8))
                }
            }
            guard rc == SQLITE_OK else { throw error(rc, sql) }
        }
    }

    /// Steps once: true when a row is ready, false when done.
    private func step(_ statement: OpaquePointer, _ sql: String) throws -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let rc: throw error(rc, sql)
        }
    }

    private func error(_ rc: Int32, _ sql: String) -> StoreError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
        return .sqlite(code: rc, message: message, statement: sql)
    }
}

/// `SQLITE_TRANSIENT` (the C macro casts -1 to a destructor, which Swift does not import): SQLite copies the bytes.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
