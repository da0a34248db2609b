import NIOConcurrencyHelpers

/// The store's one SQLite connection, reachable only under a lock.
///
/// `@unchecked Sendable` is sound: `connection` is private and every read or write of it, and every use of the
/// handle it holds, happens inside `lock.withLock`, so no two threads ever touch SQLite's handle at once. In
/// practice only the store's single pool thread takes the lock, so it is never contended.
final class ConfinedConnection: @unchecked Sendable {
    private let lock = NIOLock()
    private var connection: SQLiteConnection?

    init(_ connection: SQLiteConnection) {
        self.connection = connection
    }

    func withConnection<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try lock.withLock {
            guard let connection else { throw StoreError.closed }
            return try body(connection)
        }
    }

    /// Closes the handle; later calls fail with `StoreError.closed`.
    func close() {
        lock.withLock {
            connection?.close()
            connection = nil
        }
    }
}
