public import struct Foundation.Date
import PostgresNIO

/// What pages of many monitors read: one query for all of them, never one per monitor.
extension PostgresStore {
    /// Every monitor's buckets whose start lies in `from ..< to`, by monitor, oldest first.
    ///
    /// One row per monitor, its buckets as arrays: PostgresNIO decodes a row's columns at about a microsecond each,
    /// and a page reads tens of thousands of buckets, where an array's elements are read in a tight loop
    /// (`PostgresArrayColumn`). The range is an index-only scan of `rollups_period_start` (migration 10);
    /// `COLLATE "C"` orders ids by their bytes, as SQLite does, whatever the database's locale.
    public func rollups(period: RollupPeriod, from: Date, to: Date) async throws -> [Rollup] {
        let grouped = try await read { session in
            try await session.rows("""
                SELECT monitor_id COLLATE "C", array_agg(bucket_start), array_agg(checks), array_agg(up), array_agg(down),
                    array_agg(total_ms_sum)
                FROM rollups
                WHERE period = \(period.rawValue)
                    AND bucket_start >= \(from.epochMilliseconds) AND bucket_start < \(to.epochMilliseconds)
                GROUP BY 1 ORDER BY 1
                """) { row in
                let (monitor, starts, checks, up, down, sums) =
                    try row.decode((String, ByteBuffer, ByteBuffer, ByteBuffer, ByteBuffer, ByteBuffer).self)
                let what = "the rollups of \(monitor)"
                return (monitor, try PostgresArrayColumn.int64s(starts, what: what),
                        try PostgresArrayColumn.int64s(checks, what: what), try PostgresArrayColumn.int64s(up, what: what),
                        try PostgresArrayColumn.int64s(down, what: what), try PostgresArrayColumn.doubles(sums, what: what))
            }
        }
        var rollups: [Rollup] = []
        rollups.reserveCapacity(grouped.reduce(0) { $0 + $1.1.count })
        for (monitor, starts, checks, up, down, sums) in grouped {
            guard checks.count == starts.count, up.count == starts.count, down.count == starts.count,
                  sums.count == starts.count else {
                throw StoreError.corrupt("the rollups of \(monitor) came back as arrays of unequal lengths")
            }
            for index in starts.indices.sorted(by: { starts[$0] < starts[$1] }) {
                rollups.append(Rollup(monitor: monitor, period: period, start: Date(epochMilliseconds: starts[index]),
                                      checks: Int(checks[index]), up: Int(up[index]), down: Int(down[index]),
                                      totalMsSum: sums[index]))
            }
        }
        return rollups
    }

    public func rollupTotals(period: RollupPeriod, from: Date, to: Date) async throws -> [Rollup] {
        try await read { session in
            try await session.rows("""
                SELECT monitor_id COLLATE "C", SUM(checks)::bigint, SUM(up)::bigint, SUM(down)::bigint,
                    SUM(total_ms_sum)
                FROM rollups
                WHERE period = \(period.rawValue)
                    AND bucket_start >= \(from.epochMilliseconds) AND bucket_start < \(to.epochMilliseconds)
                GROUP BY 1 ORDER BY 1
                """) { row in
                let (monitor, checks, up, down, totalMsSum) = try row.decode((String, Int64, Int64, Int64, Double).self)
                return Rollup(monitor: monitor, period: period, start: from, checks: Int(checks), up: Int(up),
                              down: Int(down), totalMsSum: totalMsSum)
            }
        }
    }

    public func latestObservations() async throws -> [ObservationSummary] {
        // One index scan per monitor on `observations_monitor_started`, whatever the number of observations kept.
        try await read { session in
            try await session.rows("""
                SELECT o.monitor_id, o.probe, o.role, o.started_at, o.verdict, o.failure_code, o.status, o.total_ms
                FROM monitors m CROSS JOIN LATERAL (
                    SELECT monitor_id, probe, role, started_at, verdict, failure_code, status, total_ms
                    FROM observations WHERE monitor_id = m.id ORDER BY started_at DESC, id DESC LIMIT 1) o
                ORDER BY o.monitor_id
                """) { row in
                let (monitor, probe, role, startedAt, verdict, failureCode, status, totalMs) =
                    try row.decode((String, String, String, Int64, String, String?, Int32?, Double?).self)
                return try ObservationSummary.decoding(
                    monitor: monitor, probe: probe, role: role, startedAtMs: startedAt, verdict: verdict,
                    failureCode: failureCode, status: status.map { Int64($0) }, totalMs: totalMs)
            }
        }
    }

    /// In batches of columns (`UNNEST`): a month of hourly rollups for a thousand monitors is 720,000 rows.
    public func addToRollups(_ rollups: [Rollup]) async throws {
        // One row per bucket: `ON CONFLICT DO UPDATE` may not touch a row twice in one statement.
        var merged: [String: Rollup] = [:]
        var order: [String] = []
        for rollup in rollups {
            let key = "\(rollup.monitor)\u{0}\(rollup.period.rawValue)\u{0}\(rollup.start.epochMilliseconds)"
            if var kept = merged[key] {
                kept.checks += rollup.checks
                kept.up += rollup.up
                kept.down += rollup.down
                kept.totalMsSum += rollup.totalMsSum
                merged[key] = kept
            } else {
                merged[key] = rollup
                order.append(key)
            }
        }
        let rollups = order.compactMap { merged[$0] }
        try await write { session in
            var start = 0
            while start < rollups.count {
                let batch = rollups[start..<min(start + 5_000, rollups.count)]
                start += batch.count
                try await session.execute("""
                    INSERT INTO rollups (monitor_id, period, bucket_start, checks, up, down, total_ms_sum)
                    SELECT * FROM UNNEST(\(batch.map(\.monitor))::text[], \(batch.map(\.period.rawValue))::text[],
                        \(batch.map(\.start.epochMilliseconds))::bigint[], \(batch.map { Int64($0.checks) })::bigint[],
                        \(batch.map { Int64($0.up) })::bigint[], \(batch.map { Int64($0.down) })::bigint[],
                        \(batch.map(\.totalMsSum))::double precision[])
                    ON CONFLICT (monitor_id, period, bucket_start) DO UPDATE SET
                        checks = rollups.checks + excluded.checks,
                        up = rollups.up + excluded.up,
                        down = rollups.down + excluded.down,
                        total_ms_sum = rollups.total_ms_sum + excluded.total_ms_sum
                    """)
            }
        }
    }

    /// Outside any transaction (`VACUUM` refuses to run inside one): a read session runs its one statement alone.
    public func settleAfterImport() async throws {
        try await read { session in try await session.execute("VACUUM (ANALYZE) rollups") }
    }

    public func checkpointRecordedAt(size: Int) async throws -> Date? {
        try await read { session in
            try await session.first("SELECT created_at FROM ledger_checkpoints WHERE size = \(Int64(size))") { row in
                Date(epochMilliseconds: try row.decode(Int64.self))
            }
        }
    }
}
