public import struct Foundation.Date
import TrustMonitorCore

extension SQLiteStore {
    public func recordObservation(_ record: ObservationRecord) async throws {
        let observation = record.observation
        let body = try StoreJSON.encode(observation)
        let row: [SQLValue] = [
            .text(record.monitor), .text(record.probe), .text(record.role.rawValue), .date(observation.startedAt),
            .text(observation.verdict.rawValue), .text(observation.failure?.code.rawValue),
            .integer(observation.status), .real(observation.phases.total), .text(body),
        ]
        let counts = RollupCounts(observation)
        try await write { db in
            try db.execute(SQL.insert, row)
            // Uptime counts the scheduled checks only: re-checks cluster around failures and would skew it.
            if record.role == .primary { try db.countInRollups(monitor: record.monitor, counts) }
        }
    }

    /// `since` is inclusive; a `limit` of 0 or less gives none.
    public func observations(monitor: String, since: Date?, limit: Int) async throws -> [ObservationRecord] {
        guard limit > 0 else { return [] }
        let since = since?.epochMilliseconds ?? Int64.min
        return try await read { db in
            try db.query(SQL.newestFirst, [.text(monitor), .integer(since), .integer(Int64(limit))]) { row in
                let rawRole = try row.text(2)
                guard let role = ProbeVerdict.Role(rawValue: rawRole) else {
                    throw StoreError.corrupt("observation \(try row.int64(0)) has unknown role \(rawRole)")
                }
                let observation = try StoreJSON.decode(Observation.self, from: try row.data(3),
                                                       what: "observation \(try row.int64(0))")
                return ObservationRecord(monitor: monitor, probe: try row.text(1), role: role,
                                         observation: observation)
            }
        }
    }

    public func pruneObservations(before cutoff: Date) async throws -> Int {
        let cutoff = cutoff.epochMilliseconds
        return try await write { db in try db.execute(SQL.prune, [.integer(cutoff)]) }
    }
}

private enum SQL {
    static let insert = """
        INSERT INTO observations
            (monitor_id, probe, role, started_at, verdict, failure_code, status, total_ms, body)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    static let newestFirst = """
        SELECT id, probe, role, body FROM observations
        WHERE monitor_id = ? AND started_at >= ?
        ORDER BY started_at DESC, id DESC
        LIMIT ?
        """
    static let prune = "DELETE FROM observations WHERE started_at < ?"
}
