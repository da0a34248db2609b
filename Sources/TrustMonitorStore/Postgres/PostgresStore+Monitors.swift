public import struct Foundation.Date
import PostgresNIO
public import TrustMonitorCore

extension PostgresStore {
    /// One statement: a replica configuring the same name at the same moment updates the row the other inserted.
    /// The file wins a name the API uses; that counts as an API change, so replicas running the API's definition
    /// drop it.
    public func upsertMonitor(name: String, endpoint: String, interval: Duration, now: Date) async throws
        -> MonitorRecord
    {
        let intervalMs = interval.milliseconds
        let newID = MonitorID.make()
        let record = try await write { session in
            try await session.first("""
                WITH taken AS (
                    UPDATE api_changes SET version = version + 1
                    WHERE id = 1 AND EXISTS (
                        SELECT 1 FROM monitors WHERE name = \(name) AND source = 'api' AND retired_at IS NULL)
                    RETURNING version)
                INSERT INTO monitors (id, name, endpoint, interval_ms, state, state_since, created_at, retired_at)
                VALUES (\(newID), \(name), \(endpoint), \(intervalMs), \(MonitorState.pending.rawValue),
                        \(now.epochMilliseconds), \(now.epochMilliseconds), NULL)
                ON CONFLICT (name) DO UPDATE SET
                    endpoint = excluded.endpoint, interval_ms = excluded.interval_ms, retired_at = NULL,
                    source = 'config', definition = NULL, paused = 0
                RETURNING \(unescaped: MonitorRow.columns)
                """, MonitorRow.record)
        }
        guard let record else { throw StoreError.corrupt("monitor \(name) was not returned by its own upsert") }
        return record
    }

    public func retireMonitors(notIn names: Set<String>, now: Date) async throws {
        let keep = Array(names)
        try await write { session in
            try await session.execute("""
                UPDATE monitors SET retired_at = \(now.epochMilliseconds)
                WHERE retired_at IS NULL AND source = 'config' AND NOT (name = ANY(\(keep)))
                """)
        }
    }

    public func monitors() async throws -> [MonitorRecord] {
        try await read { session in
            try await session.rows("SELECT \(unescaped: MonitorRow.columns) FROM monitors ORDER BY name", MonitorRow.record)
        }
    }

    public func monitor(id: String) async throws -> MonitorRecord? {
        try await read { session in
            try await session.first("SELECT \(unescaped: MonitorRow.columns) FROM monitors WHERE id = \(id)",
                                    MonitorRow.record)
        }
    }

    public func setMonitorState(id: String, state: MonitorState, since: Date) async throws {
        try await write { session in try await session.setMonitorState(id: id, state: state, since: since) }
    }
}

extension PostgresSession {
    /// Sets a monitor's state; the incident methods call this inside their own transactions.
    func setMonitorState(id: String, state: MonitorState, since: Date) async throws {
        let changed = try await rows("""
            UPDATE monitors SET state = \(state.rawValue), state_since = \(since.epochMilliseconds)
            WHERE id = \(id) RETURNING id
            """) { try $0.decode(String.self) }
        if changed.isEmpty { throw StoreError.unknownMonitor(id: id) }
    }
}

/// The monitor columns every query reads, in `record`'s order.
enum MonitorRow {
    static let columns = MonitorColumns.list

    static func record(_ row: PostgresRow) throws -> MonitorRecord {
        let (id, name, endpoint, intervalMs, rawState, stateSince, createdAt, retiredAt, rawSource, paused) =
            try row.decode((String, String, String, Int64, String, Int64, Int64, Int64?, String, Int32).self)
        guard let state = MonitorState(rawValue: rawState) else {
            throw StoreError.corrupt("monitor \(id) has unknown state \(rawState)")
        }
        guard let source = MonitorSource(rawValue: rawSource) else {
            throw StoreError.corrupt("monitor \(id) has unknown source \(rawSource)")
        }
        return MonitorRecord(id: id, name: name, endpoint: endpoint, intervalMs: intervalMs, state: state,
                             stateSince: Date(epochMilliseconds: stateSince),
                             createdAt: Date(epochMilliseconds: createdAt), retired: retiredAt != nil, source: source,
                             paused: paused != 0)
    }
}
