public import struct Foundation.Date
import TrustMonitorCore

extension SQLiteStore {
    /// Buckets whose start lies in `from ..< to`, oldest first.
    public func rollups(monitor: String, period: RollupPeriod, from: Date, to: Date) async throws -> [Rollup] {
        let values: [SQLValue] = [.text(monitor), .text(period.rawValue), .date(from), .date(to)]
        return try await read { db in
            try db.query(SQL.range, values) { row in
                Rollup(monitor: monitor, period: period, start: try row.date(0), checks: Int(try row.int64(1)),
                       up: Int(try row.int64(2)), down: Int(try row.int64(3)), totalMsSum: try row.double(4))
            }
        }
    }
}

/// What one observation adds to its hour and its day.
struct RollupCounts: Sendable {
    let startedAtMs: Int64
    let up: Int64
    let down: Int64
    let totalMs: Double

    init(_ observation: Observation) {
        startedAtMs = observation.startedAt.epochMilliseconds
        up = observation.verdict == .up ? 1 : 0
        down = observation.verdict == .down ? 1 : 0
        totalMs = observation.phases.total ?? 0
    }

    /// The UTC bucket holding this observation: Unix time has no leap seconds, so every hour is 3,600,000 ms
    /// and every UTC day 86,400,000 ms, and a bucket starts at a multiple of its length.
    func bucketStart(_ period: RollupPeriod) -> Int64 {
        let length: Int64 = period == .hour ? 3_600_000 : 86_400_000
        let offset = startedAtMs % length
        return startedAtMs - (offset < 0 ? offset + length : offset)
    }
}

extension SQLiteConnection {
    /// Counts one observation in its hour and its day; the caller's transaction also inserts the observation.
    func countInRollups(monitor: String, _ counts: RollupCounts) throws {
        for period in [RollupPeriod.hour, .day] {
            try execute(SQL.upsert, [
                .text(monitor), .text(period.rawValue), .integer(counts.bucketStart(period)),
                .integer(counts.up), .integer(counts.down), .real(counts.totalMs),
            ])
        }
    }
}

private enum SQL {
    static let upsert = """
        INSERT INTO rollups (monitor_id, period, bucket_start, checks, up, down, total_ms_sum)
        VALUES (?, ?, ?, 1, ?, ?, ?)
        ON CONFLICT (monitor_id, period, bucket_start) DO UPDATE SET
            checks = rollups.checks + 1,
            up = rollups.up + excluded.up,
            down = rollups.down + excluded.down,
            total_ms_sum = rollups.total_ms_sum + excluded.total_ms_sum
        """
    static let range = """
        SELECT bucket_start, checks, up, down, total_ms_sum FROM rollups
        WHERE monitor_id = ? AND period = ? AND bucket_start >= ? AND bucket_start < ?
        ORDER BY bucket_start
        """
}
