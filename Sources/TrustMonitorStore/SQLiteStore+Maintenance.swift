public import struct Foundation.Date
public import TrustMonitorCore

/// Maintenance windows made through the API; each write counts an API change, so the active replica reloads them.
extension SQLiteStore {
    public func addMaintenanceWindow(_ window: MaintenanceWindow, by: String, now: Date) async throws
        -> StoredMaintenanceWindow
    {
        let stored = StoredMaintenanceWindow(id: MaintenanceID.make(), window: window,
                                             createdAt: Date(epochMilliseconds: now.epochMilliseconds), createdBy: by)
        let row = try MaintenanceRow(stored)
        try await write { db in
            try db.execute(MaintenanceSQL.insert, [
                .text(row.id), .text(row.name), .integer(row.startMs), .integer(row.durationMs),
                row.everyMs.map(SQLValue.integer) ?? .null, .text(row.monitors), .text(row.tags), .integer(row.createdMs), .text(row.createdBy),
            ])
            try db.countAPIChange()
        }
        return stored
    }

    public func maintenanceWindows() async throws -> [StoredMaintenanceWindow] {
        try await read { db in
            try db.query(MaintenanceSQL.all, []) { row in
                try MaintenanceRow(id: try row.text(0), name: try row.text(1), startMs: try row.int64(2),
                                   durationMs: try row.int64(3), everyMs: row.optionalInt64(4),
                                   monitors: try row.text(5), tags: try row.text(6), createdMs: try row.int64(7),
                                   createdBy: try row.text(8)).stored()
            }
        }
    }

    public func deleteMaintenanceWindow(id: String) async throws -> Bool {
        try await write { db in
            let deleted = try db.execute(MaintenanceSQL.delete, [.text(id)]) > 0
            if deleted { try db.countAPIChange() }
            return deleted
        }
    }
}

private enum MaintenanceSQL {
    static let insert = "INSERT INTO maintenance_windows (\(MaintenanceRow.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    static let all = "SELECT \(MaintenanceRow.columns) FROM maintenance_windows ORDER BY start_ms, id"
    static let delete = "DELETE FROM maintenance_windows WHERE id = ?"
}
