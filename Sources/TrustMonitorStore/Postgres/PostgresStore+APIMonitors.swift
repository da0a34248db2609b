public import struct Foundation.Date
import PostgresNIO
import TrustMonitorCore

/// Monitors the API owns: each write locks the row it checks the owner of and counts the change (`api_changes`)
/// in its transaction.
extension PostgresStore {
    public func monitor(name: String) async throws -> MonitorRecord? {
        try await read { session in
            try await session.first("SELECT \(unescaped: MonitorRow.columns) FROM monitors WHERE name = \(name)",
                                    MonitorRow.record)
        }
    }

    /// One statement: of two replicas creating one name at once, the second finds it taken. A retired monitor's
    /// name is taken over with its history, as a file naming it again would.
    public func createAPIMonitor(_ draft: APIMonitorDraft, now: Date) async throws -> MonitorRecord {
        let newID = MonitorID.make()
        let paused: Int32 = draft.paused == true ? 1 : 0
        let created = try await write { session in
            let record = try await session.first("""
                INSERT INTO monitors (id, name, endpoint, interval_ms, state, state_since, created_at, retired_at,
                                      source, definition, paused)
                VALUES (\(newID), \(draft.name), \(draft.endpoint), \(draft.interval.milliseconds),
                        \(MonitorState.pending.rawValue), \(now.epochMilliseconds), \(now.epochMilliseconds), NULL,
                        'api', \(draft.definition), \(paused))
                ON CONFLICT (name) DO UPDATE SET
                    endpoint = excluded.endpoint, interval_ms = excluded.interval_ms, retired_at = NULL,
                    source = 'api', definition = excluded.definition, paused = excluded.paused
                WHERE monitors.retired_at IS NOT NULL
                RETURNING \(unescaped: MonitorRow.columns)
                """, MonitorRow.record)
            if record != nil { try await session.countAPIChange() }
            return record
        }
        guard let created else { throw APIMonitorRule.nameTaken(draft.name) }
        return created
    }

    public func updateAPIMonitor(id: String, _ draft: APIMonitorDraft, now: Date) async throws -> MonitorRecord {
        try await write { session in
            _ = try await session.lockAPIMonitor(id: id)
            let other = try await session.first("""
                SELECT id FROM monitors WHERE name = \(draft.name) AND id <> \(id)
                """) { try $0.decode(String.self) }
            if other != nil { throw APIMonitorRule.nameTaken(draft.name) }
            let paused = draft.paused.map { Int32($0 ? 1 : 0) }
            let record = try await session.first("""
                UPDATE monitors SET name = \(draft.name), endpoint = \(draft.endpoint),
                    interval_ms = \(draft.interval.milliseconds), definition = \(draft.definition),
                    paused = COALESCE(\(paused), paused)
                WHERE id = \(id)
                RETURNING \(unescaped: MonitorRow.columns)
                """, MonitorRow.record)
            try await session.countAPIChange()
            guard let record else { throw StoreError.unknownMonitor(id: id) }
            return record
        }
    }

    public func setAPIMonitorPaused(id: String, paused: Bool, now: Date) async throws -> MonitorRecord {
        try await write { session in
            _ = try await session.lockAPIMonitor(id: id)
            let record = try await session.first("""
                UPDATE monitors SET paused = \(Int32(paused ? 1 : 0)) WHERE id = \(id)
                RETURNING \(unescaped: MonitorRow.columns)
                """, MonitorRow.record)
            try await session.countAPIChange()
            guard let record else { throw StoreError.unknownMonitor(id: id) }
            return record
        }
    }

    public func deleteAPIMonitor(id: String, now: Date) async throws {
        try await write { session in
            _ = try await session.lockAPIMonitor(id: id)
            try await session.execute("""
                UPDATE monitors SET retired_at = \(now.epochMilliseconds), definition = NULL, paused = 0
                WHERE id = \(id)
                """)
            try await session.countAPIChange()
        }
    }

    public func apiMonitors() async throws -> [APIMonitor] {
        try await read { session in
            try await session.rows("""
                SELECT \(unescaped: MonitorRow.columns), definition FROM monitors
                WHERE source = 'api' AND retired_at IS NULL AND definition IS NOT NULL ORDER BY name
                """) { row in
                APIMonitor(record: try MonitorRow.record(row),
                           definition: try PostgresRandomAccessRow(row)[10].decode(String.self))
            }
        }
    }

    public func apiChangeStamp() async throws -> Int64 {
        try await read { session in
            try await session.first("SELECT version FROM api_changes WHERE id = 1") { try $0.decode(Int64.self) } ?? 0
        }
    }
}

extension PostgresSession {
    /// Counts one change of what the API defines, inside the caller's transaction.
    func countAPIChange() async throws {
        try await execute("UPDATE api_changes SET version = version + 1 WHERE id = 1")
    }

    /// Locks the monitor's row until commit and checks the API may change it (`APIMonitorRule`).
    fileprivate func lockAPIMonitor(id: String) async throws -> String {
        let row = try await first("""
            SELECT name, source, retired_at IS NOT NULL FROM monitors WHERE id = \(id) FOR UPDATE
            """) { row in try row.decode((String, String, Bool).self) }
        try APIMonitorRule.check(row.map { (MonitorSource(rawValue: $0.1) ?? .config, $0.2) }, id: id)
        return row?.0 ?? ""
    }
}
