import struct Foundation.Date
import PostgresNIO
import TrustMonitorCore

extension PostgresStore {
    /// Applies pending migrations in one transaction, under the migrations lock: servers starting at once
    /// apply each migration once, the later ones waiting and then finding nothing left to do.
    public func migrate() async throws {
        let appliedAt = RFC3339.format(Date())
        try await write { session in
            try await PostgresLock.take(PostgresLock.migrations, in: session)
            try await session.migrate(Migration.all, appliedAt: appliedAt)
        }
    }
}

extension PostgresSession {
    /// Applies, in version order, every migration not yet recorded in `schema_migrations`, inside the caller's
    /// transaction (PostgreSQL's DDL is transactional: a failing migration leaves the schema as it was).
    ///
    /// Refuses a database that has a version newer than `migrations` knows: a newer build wrote it.
    func migrate(_ migrations: [Migration], appliedAt: String) async throws {
        try await execute(PostgresQuery(unsafeSQL: Migration.bookkeeping))
        let applied = Set(try await rows("SELECT version FROM schema_migrations") { try $0.decode(Int64.self) })
        let known = migrations.map(\.version).max() ?? 0
        if let newest = applied.max(), newest > known {
            throw StoreError.schemaTooNew(applied: Int(newest), known: known)
        }
        for migration in migrations.sorted(by: { $0.version < $1.version })
        where !applied.contains(Int64(migration.version)) {
            // The statements are the constant texts of `Migration.all`, not values: no parameter can stand for DDL.
            for statement in migration.statements(for: .postgres) {
                try await execute(PostgresQuery(unsafeSQL: statement))
            }
            try await execute("""
                INSERT INTO schema_migrations (version, applied_at) VALUES (\(Int32(migration.version)), \(appliedAt))
                """)
        }
    }
}
