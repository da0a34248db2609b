public import struct Foundation.Date
import TrustMonitorLedger

/// Degradation periods: written with their ledger entry and alerts in one transaction, like incidents.
extension SQLiteStore {
    public func openDegradation(_ record: DegradationRecord, alerts: [AlertDraft]) async throws -> DegradationRecord {
        let rows = try StoredAlert.batch(alerts)
        return try await write { db in
            if let existing = try db.queryFirst(DegradationSQL.open, [.text(record.monitor), .text(record.kind.rawValue)],
                                                Self.degradation) {
                return existing
            }
            try db.execute(DegradationSQL.insert, [
                .text(record.id), .text(record.monitor), .text(record.kind.rawValue),
                .integer(record.startedAt.epochMilliseconds), .text(record.explanation),
            ])
            try db.appendToLedger([DegradationLedger.started(
                id: record.id, monitor: record.monitor, kind: record.kind.rawValue, explanation: record.explanation,
                at: record.startedAt)])
            _ = try db.insertAlerts(rows, nowMs: record.startedAt.epochMilliseconds)
            var stored = record
            stored.startedAt = Date(epochMilliseconds: record.startedAt.epochMilliseconds)
            stored.endedAt = nil
            stored.ending = nil
            return stored
        }
    }

    public func endDegradation(id: String, at: Date, explanation: String, ending: String,
                               alerts: [AlertDraft]) async throws {
        let rows = try StoredAlert.batch(alerts)
        try await write { db in
            guard let record = try db.queryFirst(DegradationSQL.byID, [.text(id)], Self.degradation),
                  record.endedAt == nil else { return }
            let endedAt = max(at.epochMilliseconds, record.startedAt.epochMilliseconds)
            try db.execute(DegradationSQL.end, [.integer(endedAt), .text(explanation), .text(ending), .text(id)])
            try db.appendToLedger([DegradationLedger.ended(
                id: id, monitor: record.monitor, kind: record.kind.rawValue, explanation: explanation, ending: ending,
                startedAt: record.startedAt, at: Date(epochMilliseconds: endedAt))])
            _ = try db.insertAlerts(rows, nowMs: endedAt)
        }
    }

    public func degradations(monitor: String?, from: Date, to: Date) async throws -> [DegradationRecord] {
        let span: [SQLValue] = [.integer(to.epochMilliseconds), .integer(from.epochMilliseconds)]
        let (sql, values) = monitor.map { (DegradationSQL.overlappingOfMonitor, [.text($0)] + span) }
            ?? (DegradationSQL.overlapping, span)
        return try await read { db in try db.query(sql, values, Self.degradation) }
    }

    public func openDegradations() async throws -> [DegradationRecord] {
        try await read { db in try db.query(DegradationSQL.allOpen, [], Self.degradation) }
    }

    static func degradation(_ row: SQLiteRow) throws -> DegradationRecord {
        try DegradationRow.record(id: try row.text(0), monitor: try row.text(1), kind: try row.text(2),
                                  startedMs: try row.int64(3), endedMs: row.optionalInt64(4),
                                  explanation: try row.text(5), ending: try row.optionalText(6))
    }
}

private enum DegradationSQL {
    static let columns = DegradationRow.columns
    static let insert = """
        INSERT INTO degradations (id, monitor_id, kind, started_ms, ended_ms, explanation, ending)
        VALUES (?, ?, ?, ?, NULL, ?, NULL)
        """
    static let open = "SELECT \(columns) FROM degradations WHERE monitor_id = ? AND kind = ? AND ended_ms IS NULL"
    static let byID = "SELECT \(columns) FROM degradations WHERE id = ?"
    static let end = "UPDATE degradations SET ended_ms = ?, explanation = ?, ending = ? WHERE id = ?"
    static let overlapping = """
        SELECT \(columns) FROM degradations WHERE started_ms < ? AND (ended_ms IS NULL OR ended_ms > ?)
        ORDER BY started_ms, id
        """
    static let overlappingOfMonitor = """
        SELECT \(columns) FROM degradations
        WHERE monitor_id = ? AND started_ms < ? AND (ended_ms IS NULL OR ended_ms > ?) ORDER BY started_ms, id
        """
    static let allOpen = "SELECT \(columns) FROM degradations WHERE ended_ms IS NULL ORDER BY monitor_id, started_ms"
}
