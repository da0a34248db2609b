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

    /// Like `transaction`, but the commit is synced to disk before it returns (`synchronous=FULL` for this
    /// one commit): in WAL mode that fsync also covers every earlier commit, which `NORMAL` left to the next
    /// WAL checkpoint. Used where something is about to be published on the strength of what is stored (a
    /// signed checkpoint over the ledger), so a power loss can never take back what a signature covers.
    func durableTransaction<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try execute("PRAGMA synchronous = FULL")
        defer { _ = try? execute("PRAGMA synchronous = NORMAL") }
        return try transaction(body)
    }
}
