public import struct Foundation.Date
import PostgresNIO
public import TrustMonitorCore

/// Maintenance windows made through the API; each write counts an API change, so the active replica reloads them.
extension PostgresStore {
    public func addMaintenanceWindow(_ window: MaintenanceWindow, by: String, now: Date) async throws
        -> StoredMaintenanceWindow
    {
        let stored = StoredMaintenanceWindow(id: MaintenanceID.make(), window: window,
                                             createdAt: Date(epochMilliseconds: now.epochMilliseconds), createdBy: by)
        let row = try MaintenanceRow(stored)
        try await write { session in
            try await session.execute("""
                INSERT INTO maintenance_windows (\(unescaped: MaintenanceRow.columns))
                VALUES (\(row.id), \(row.name), \(row.startMs), \(row.durationMs), \(row.everyMs), \(row.monitors),
                        \(row.tags), \(row.createdMs), \(row.createdBy))
                """)
            try await session.countAPIChange()
        }
        return stored
    }

    public func maintenanceWindows() async throws -> [StoredMaintenanceWindow] {
        try await read { session in
            try await session.rows("""
                SELECT \(unescaped: MaintenanceRow.columns) FROM maintenance_windows ORDER BY start_ms, id
                """) { row in
                let (id, name, startMs, durationMs, everyMs, monitors, tags, createdMs, createdBy) = try row.decode(
                    (String, String, Int64, Int64, Int64?, String, String, Int64, String).self)
                return try MaintenanceRow(id: id, name: name, startMs: startMs, durationMs: durationMs,
                                          everyMs: everyMs, monitors: monitors, tags: tags, createdMs: createdMs,
                                          createdBy: createdBy).stored()
            }
        }
    }

    public func deleteMaintenanceWindow(id: String) async throws -> Bool {
        try await write { session in
            let deleted = try await session.rows("DELETE FROM maintenance_windows WHERE id = \(id) RETURNING id") {
                try $0.decode(String.self)
            }
            if !deleted.isEmpty { try await session.countAPIChange() }
            return !deleted.isEmpty
        }
    }
}
