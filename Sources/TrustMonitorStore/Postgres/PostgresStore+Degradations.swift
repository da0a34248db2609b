public import struct Foundation.Date
import PostgresNIO
import TrustMonitorLedger

/// Degradation periods: written with their ledger entry and alerts in one transaction, like incidents. The monitor's
/// row is locked first, so of two replicas opening the same period the second finds the first's.
extension PostgresStore {
    public func openDegradation(_ record: DegradationRecord, alerts: [AlertDraft]) async throws -> DegradationRecord {
        let rows = try StoredAlert.batch(alerts)
        let kind = record.kind.rawValue
        let startedMs = record.startedAt.epochMilliseconds
        return try await write { session in
            let lock = "SELECT id FROM monitors WHERE id = \(record.monitor) FOR NO KEY UPDATE" as PostgresQuery
            guard try await session.first(lock, { _ in true }) == true else {
                throw StoreError.unknownMonitor(id: record.monitor)
            }
            if let existing = try await session.first("""
                SELECT \(unescaped: DegradationRow.columns) FROM degradations
                WHERE monitor_id = \(record.monitor) AND kind = \(kind) AND ended_ms IS NULL
                """, Self.degradation) {
                return existing
            }
            try await session.execute("""
                INSERT INTO degradations (id, monitor_id, kind, started_ms, ended_ms, explanation, ending)
                VALUES (\(record.id), \(record.monitor), \(kind), \(startedMs), NULL, \(record.explanation), NULL)
                """)
            _ = try await session.appendToLedger([DegradationLedger.started(
                id: record.id, monitor: record.monitor, kind: kind, explanation: record.explanation,
                at: record.startedAt)])
            _ = try await session.insertAlerts(rows, nowMs: startedMs)
            var stored = record
            stored.startedAt = Date(epochMilliseconds: startedMs)
            stored.endedAt = nil
            stored.ending = nil
            return stored
        }
    }

    public func endDegradation(id: String, at: Date, explanation: String, ending: String,
                               alerts: [AlertDraft]) async throws {
        let rows = try StoredAlert.batch(alerts)
        try await write { session in
            guard let record = try await session.first("""
                SELECT \(unescaped: DegradationRow.columns) FROM degradations WHERE id = \(id) FOR NO KEY UPDATE
                """, Self.degradation), record.endedAt == nil else { return }
            let endedMs = max(at.epochMilliseconds, record.startedAt.epochMilliseconds)
            try await session.execute("""
                UPDATE degradations SET ended_ms = \(endedMs), explanation = \(explanation), ending = \(ending)
                WHERE id = \(id)
                """)
            _ = try await session.appendToLedger([DegradationLedger.ended(
                id: id, monitor: record.monitor, kind: record.kind.rawValue, explanation: explanation, ending: ending,
                startedAt: record.startedAt, at: Date(epochMilliseconds: endedMs))])
            _ = try await session.insertAlerts(rows, nowMs: endedMs)
        }
    }

    public func degradations(monitor: String?, from: Date, to: Date) async throws -> [DegradationRecord] {
        let fromMs = from.epochMilliseconds
        let toMs = to.epochMilliseconds
        return try await read { session in
            if let monitor {
                return try await session.rows("""
                    SELECT \(unescaped: DegradationRow.columns) FROM degradations
                    WHERE monitor_id = \(monitor) AND started_ms < \(toMs) AND (ended_ms IS NULL OR ended_ms > \(fromMs))
                    ORDER BY started_ms, id
                    """, Self.degradation)
            }
            return try await session.rows("""
                SELECT \(unescaped: DegradationRow.columns) FROM degradations
                WHERE started_ms < \(toMs) AND (ended_ms IS NULL OR ended_ms > \(fromMs)) ORDER BY started_ms, id
                """, Self.degradation)
        }
    }

    public func openDegradations() async throws -> [DegradationRecord] {
        try await read { session in
            try await session.rows("""
                SELECT \(unescaped: DegradationRow.columns) FROM degradations WHERE ended_ms IS NULL
                ORDER BY monitor_id, started_ms
                """, Self.degradation)
        }
    }

    static func degradation(_ row: PostgresRow) throws -> DegradationRecord {
        let (id, monitor, kind, startedMs, endedMs, explanation, ending) = try row.decode(
            (String, String, String, Int64, Int64?, String, String?).self)
        return try DegradationRow.record(id: id, monitor: monitor, kind: kind, startedMs: startedMs, endedMs: endedMs,
                                         explanation: explanation, ending: ending)
    }
}
