import NIOConcurrencyHelpers
import NIOPosix
import struct Foundation.Date
import TrustMonitorCore

/// The `Store` in one SQLite file: the single-node deployment, and the reference for other backends.
///
/// SQLite calls block, so none runs on Swift's cooperative pool or on a NIO event loop (where probes run):
/// each call hops to the store's own single thread, which owns the one connection. Calls are therefore
/// serialized; writes are one `BEGIN IMMEDIATE` transaction each, reads a single `SELECT` each (its own
/// consistent snapshot, without taking the write lock a CLI or second process would then wait for).
/// Durability settings are explained on `SQLiteConnection.open(path:)`. Call `close()` when done: it stops
/// the thread.
public final class SQLiteStore: Store {
    private let pool: NIOThreadPool
    private let connection: ConfinedConnection
    private let closing = NIOLockedValueBox(false)
    /// The database file, for the replica lock beside it.
    let path: String

    /// Opens (creating if needed) the database at `path`; run `migrate()` before other calls.
    public static func open(path: String) async throws -> SQLiteStore {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        do {
            let connection = try await pool.runIfActive { ConfinedConnection(try SQLiteConnection.open(path: path)) }
            return SQLiteStore(pool: pool, connection: connection, path: path)
        } catch {
            try? await pool.shutdownGracefully()
            throw error
        }
    }

    private init(pool: NIOThreadPool, connection: ConfinedConnection, path: String) {
        self.pool = pool
        self.connection = connection
        self.path = path
    }

    public func migrate() async throws {
        let now = RFC3339.format(Date())
        try await write { db in try db.migrate(Migration.all, appliedAt: now) }
    }

    /// Closes the database and stops the store's thread; later calls fail with `StoreError.closed`.
    public func close() async throws {
        let first = closing.withLockedValue { closing in
            defer { closing = true }
            return !closing
        }
        guard first else { return }
        // Should the pool refuse (this task cancelled), the handle is still closed by `SQLiteConnection.deinit`;
        // the thread must stop either way.
        try? await pool.runIfActive { self.connection.close() }
        try await pool.shutdownGracefully()
    }

    /// Runs `body` in one write transaction on the store's thread.
    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await onStoreThread { db in try db.transaction(body) }
    }

    /// Runs `body` in one write transaction whose commit (and every earlier one) is on disk when it returns.
    @discardableResult
    func durableWrite<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await onStoreThread { db in try db.durableTransaction(body) }
    }

    /// Runs one read on the store's thread.
    func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await onStoreThread(body)
    }

    private func onStoreThread<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        do {
            return try await pool.runIfActive { try self.connection.withConnection(body) }
        } catch is CancellationError where !Task.isCancelled {
            // The pool refuses work only once it is shut down, that is after `close()`.
            throw StoreError.closed
        }
    }
}
