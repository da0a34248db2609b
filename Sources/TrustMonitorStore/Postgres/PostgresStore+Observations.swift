public import struct Foundation.Date
import PostgresNIO
import TrustMonitorCore

extension PostgresStore {
    public func recordObservation(_ record: ObservationRecord) async throws {
        let observation = record.observation
        let body = try StoreJSON.encode(observation)
        let counts = RollupCounts(observation)
        try await write { session in
            try await session.execute("""
                INSERT INTO observations
                    (monitor_id, probe, role, started_at, verdict, failure_code, status, total_ms, body)
                VALUES (\(record.monitor), \(record.probe), \(record.role.rawValue),
                        \(observation.startedAt.epochMilliseconds), \(observation.verdict.rawValue),
                        \(observation.failure?.code.rawValue), \(observation.status),
                        \(observation.phases.total), \(body))
                """)
            // Uptime counts the scheduled checks only: re-checks cluster around failures and would skew it.
            if record.role == .primary { try await session.countInRollups(monitor: record.monitor, counts) }
        }
    }

    /// `since` is inclusive; a `limit` of 0 or less gives none.
    public func observations(monitor: String, since: Date?, limit: Int) async throws -> [ObservationRecord] {
        guard limit > 0 else { return [] }
        let since = since?.epochMilliseconds ?? Int64.min
        return try await read { session in
            try await session.rows("""
                SELECT id, probe, role, body FROM observations
                WHERE monitor_id = \(monitor) AND started_at >= \(since)
                ORDER BY started_at DESC, id DESC
                LIMIT \(Int64(limit))
                """) { row in
                let (id, probe, rawRole, body) = try row.decode((Int64, String, String, String).self)
                guard let role = ProbeVerdict.Role(rawValue: rawRole) else {
                    throw StoreError.corrupt("observation \(id) has unknown role \(rawRole)")
                }
                let observation = try StoreJSON.decode(Observation.self, text: body, what: "observation \(id)")
                return ObservationRecord(monitor: monitor, probe: probe, role: role, observation: observation)
            }
        }
    }

    public func pruneObservations(before cutoff: Date) async throws -> Int {
        let count = try await write { session in
            try await session.first("""
                WITH pruned AS (DELETE FROM observations WHERE started_at < \(cutoff.epochMilliseconds) RETURNING 1)
                SELECT count(*) FROM pruned
                """) { try $0.decode(Int64.self) }
        }
        return Int(count ?? 0)
    }
}
