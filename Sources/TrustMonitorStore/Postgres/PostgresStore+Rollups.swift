public import struct Foundation.Date
import PostgresNIO

extension PostgresStore {
    /// Buckets whose start lies in `from ..< to`, oldest first.
    public func rollups(monitor: String, period: RollupPeriod, from: Date, to: Date) async throws -> [Rollup] {
        try await read { session in
            try await session.rows("""
                SELECT bucket_start, checks, up, down, total_ms_sum FROM rollups
                WHERE monitor_id = \(monitor) AND period = \(period.rawValue)
                    AND bucket_start >= \(from.epochMilliseconds) AND bucket_start < \(to.epochMilliseconds)
                ORDER BY bucket_start
                """) { row in
                let (start, checks, up, down, totalMsSum) = try row.decode((Int64, Int64, Int64, Int64, Double).self)
                return Rollup(monitor: monitor, period: period, start: Date(epochMilliseconds: start), checks: Int(checks),
                              up: Int(up), down: Int(down), totalMsSum: totalMsSum)
            }
        }
    }
}

extension PostgresSession {
    /// Counts one observation in its hour and its day; the caller's transaction also inserts the observation.
    /// Concurrent writers of one bucket each add their counts: `ON CONFLICT DO UPDATE` waits for the row's lock.
    func countInRollups(monitor: String, _ counts: RollupCounts) async throws {
        for period in [RollupPeriod.hour, .day] {
            try await execute("""
                INSERT INTO rollups (monitor_id, period, bucket_start, checks, up, down, total_ms_sum)
                VALUES (\(monitor), \(period.rawValue), \(counts.bucketStart(period)), 1, \(counts.up), \(counts.down),
                        \(counts.totalMs))
                ON CONFLICT (monitor_id, period, bucket_start) DO UPDATE SET
                    checks = rollups.checks + 1,
                    up = rollups.up + excluded.up,
                    down = rollups.down + excluded.down,
                    total_ms_sum = rollups.total_ms_sum + excluded.total_ms_sum
                """)
        }
    }
}
