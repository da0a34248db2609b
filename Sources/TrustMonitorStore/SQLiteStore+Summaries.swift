public import struct Foundation.Date

/// What pages of many monitors read: one query for all of them, never one per monitor.
extension SQLiteStore {
    /// Every monitor's buckets whose start lies in `from ..< to`, by monitor, oldest first.
    public func rollups(period: RollupPeriod, from: Date, to: Date) async throws -> [Rollup] {
        let values: [SQLValue] = [.text(period.rawValue), .date(from), .date(to)]
        return try await read { db in
            try db.query(SummarySQL.rollups, values) { row in
                Rollup(monitor: try row.text(0), period: period, start: try row.date(1), checks: Int(try row.int64(2)),
                       up: Int(try row.int64(3)), down: Int(try row.int64(4)), totalMsSum: try row.double(5))
            }
        }
    }

    public func rollupTotals(period: RollupPeriod, from: Date, to: Date) async throws -> [Rollup] {
        let values: [SQLValue] = [.text(period.rawValue), .date(from), .date(to)]
        return try await read { db in
            try db.query(SummarySQL.totals, values) { row in
                Rollup(monitor: try row.text(0), period: period, start: from, checks: Int(try row.int64(1)),
                       up: Int(try row.int64(2)), down: Int(try row.int64(3)), totalMsSum: try row.double(4))
            }
        }
    }

    public func latestObservations() async throws -> [ObservationSummary] {
        try await read { db in
            try db.query(SummarySQL.latest, []) { row in
                try ObservationSummary.decoding(
                    monitor: try row.text(0), probe: try row.text(1), role: try row.text(2),
                    startedAtMs: try row.int64(3), verdict: try row.text(4), failureCode: try row.optionalText(5),
                    status: row.optionalInt64(6), totalMs: row.isNull(7) ? nil : try row.double(7))
            }
        }
    }

    public func addToRollups(_ rollups: [Rollup]) async throws {
        let rows: [[SQLValue]] = rollups.map { rollup in
            [.text(rollup.monitor), .text(rollup.period.rawValue), .date(rollup.start), .integer(Int64(rollup.checks)),
             .integer(Int64(rollup.up)), .integer(Int64(rollup.down)), .real(rollup.totalMsSum)]
        }
        try await write { db in
            for row in rows { try db.execute(SummarySQL.addToRollup, row) }
        }
    }

    /// SQLite keeps no planner statistics unless asked (this store never asks) and needs no vacuum for its reads.
    public func settleAfterImport() async throws {}

    public func checkpointRecordedAt(size: Int) async throws -> Date? {
        try await read { db in
            try db.queryFirst(SummarySQL.checkpointTime, [.integer(Int64(size))]) { row in try row.date(0) }
        }
    }
}

private enum SummarySQL {
    // An index-only range scan of `rollups_period_start` (migration 10), then a sort by monitor.
    static let rollups = """
        SELECT monitor_id, bucket_start, checks, up, down, total_ms_sum FROM rollups
        WHERE period = ? AND bucket_start >= ? AND bucket_start < ?
        ORDER BY monitor_id, bucket_start
        """
    static let totals = """
        SELECT monitor_id, SUM(checks), SUM(up), SUM(down), SUM(total_ms_sum) FROM rollups
        WHERE period = ? AND bucket_start >= ? AND bucket_start < ?
        GROUP BY monitor_id ORDER BY monitor_id
        """
    // One index seek per monitor on `observations_monitor_started` (its implicit last column is the rowid, `id`,
    // so the order needs no sort), whatever the number of observations kept.
    static let latest = """
        SELECT o.monitor_id, o.probe, o.role, o.started_at, o.verdict, o.failure_code, o.status, o.total_ms
        FROM monitors m JOIN observations o ON o.id = (
            SELECT id FROM observations WHERE monitor_id = m.id ORDER BY started_at DESC, id DESC LIMIT 1)
        ORDER BY o.monitor_id
        """
    static let addToRollup = """
        INSERT INTO rollups (monitor_id, period, bucket_start, checks, up, down, total_ms_sum)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (monitor_id, period, bucket_start) DO UPDATE SET
            checks = rollups.checks + excluded.checks,
            up = rollups.up + excluded.up,
            down = rollups.down + excluded.down,
            total_ms_sum = rollups.total_ms_sum + excluded.total_ms_sum
        """
    static let checkpointTime = "SELECT created_at FROM ledger_checkpoints WHERE size = ?"
}
