public import struct Foundation.Date
import PostgresNIO
public import TrustMonitorCore

extension PostgresStore {
    /// One statement: a replica configuring the same name at the same moment updates the row the other inserted.
    public func upsertMonitor(name: String, endpoint: String, interval: Duration, now: Date) async throws
        -> MonitorRecord
    {
        let intervalMs = interval.milliseconds
        let newID = MonitorID.make()
        let record = try await write { session in
            try await session.first("""
                INSERT INTO monitors (id, name, endpoint, interval_ms, state, state_since, created_at, retired_at)
                VALUES (\(newID), \(name), \(endpoint), \(intervalMs), \(MonitorState.pending.rawValue),
                        \(now.epochMilliseconds), \(now.epochMilliseconds), NULL)
                ON CONFLICT (name) DO UPDATE SET
                    endpoint = excluded.endpoint, interval_ms = excluded.interval_ms, retired_at = NULL
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
                WHERE retired_at IS NULL AND NOT (name = ANY(\(keep)))
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
private enum MonitorRow {
    static let columns = "id, name, endpoint, interval_ms, state, state_since, created_at, retired_at"

    static func record(_ row: PostgresRow) throws -> MonitorRecord {
        let (id, name, endpoint, intervalMs, rawState, stateSince, createdAt, retiredAt) = try row.decode(
            (String, String, String, Int64, String, Int64, Int64, Int64?).self)
        guard let state = MonitorState(rawValue: rawState) else {
            throw StoreError.corrupt("monitor \(id) has unknown state \(rawState)")
        }
        return MonitorRecord(id: id, name: name, endpoint: endpoint, intervalMs: intervalMs, state: state,
                             stateSince: Date(epochMilliseconds: stateSince),
                             createdAt: Date(epochMilliseconds: createdAt), retired: retiredAt != nil)
    }
}
