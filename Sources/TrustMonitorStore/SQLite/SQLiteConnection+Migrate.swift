extension SQLiteConnection {
    /// Applies, in version order, every migration not yet recorded in `schema_migrations`; the caller runs
    /// this inside one transaction, so a failing migration leaves the schema as it was.
    ///
    /// Refuses a database that has a version newer than `migrations` knows: it was written by a newer build,
    /// and this one would misread it.
    func migrate(_ migrations: [Migration], appliedAt: String) throws {
        try execute(Migration.bookkeeping, cached: false)
        let applied = Set(try query("SELECT version FROM schema_migrations", cached: false) { try $0.int64(0) })
        let known = migrations.map(\.version).max() ?? 0
        if let newest = applied.max(), newest > known {
            throw StoreError.schemaTooNew(applied: Int(newest), known: known)
        }
        for migration in migrations.sorted(by: { $0.version < $1.version })
        where !applied.contains(Int64(migration.version)) {
            for statement in migration.statements(for: .sqlite) { try execute(statement, cached: false) }
            try execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                        [.integer(Int64(migration.version)), .text(appliedAt)], cached: false)
        }
    }
}
