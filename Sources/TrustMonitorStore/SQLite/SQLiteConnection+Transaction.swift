extension SQLiteConnection {
    /// Runs `body` in one write transaction: all of its writes are committed, or on any error none are.
    ///
    /// `BEGIN IMMEDIATE` takes the write lock up front, so two processes never both read, then both try to
    /// write and deadlock into `SQLITE_BUSY` halfway; the busy timeout makes the second one wait instead.
    func transaction<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body(self)
            try execute("COMMIT")
            return result
        } catch {
            // Some errors (disk full, I/O) make SQLite roll back by itself; only roll back what is still open.
            if inTransaction { _ = try? execute("ROLLBACK") }
            throw error
        }
    }
}
