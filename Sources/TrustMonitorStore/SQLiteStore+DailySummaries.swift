import struct Foundation.Date
import TrustMonitorLedger

extension SQLiteStore {
    public func appendDailySummaries(_ summaries: [DailySummaryDraft]) async throws -> Int {
        guard !summaries.isEmpty else { return 0 }
        return try await durableWrite { db in
            var appended = 0
            for summary in summaries {
                // Writers are serialized: the seq read here is the one the entry takes just below.
                let seq = try db.ledgerSize()
                let inserted = try db.execute(DailySummarySQL.insert, [
                    .text(summary.monitor), .text(summary.day), .integer(Int64(seq)), .date(Date()),
                ])
                guard inserted == 1 else { continue }
                try db.appendToLedger([summary.entry])
                appended += 1
            }
            return appended
        }
    }

    public func dailySummaries(monitor: String?, from: String, through: String) async throws -> [DailySummaryRecord] {
        let (sql, values): (String, [SQLValue]) = if let monitor {
            (DailySummarySQL.ofMonitor, [.text(from), .text(through), .text(monitor)])
        } else {
            (DailySummarySQL.ofAll, [.text(from), .text(through)])
        }
        return try await read { db in
            try db.query(sql, values) { row in
                DailySummaryRecord(
                    monitor: try row.text(0), day: try row.text(1),
                    entry: StoredLedgerEntry(seq: Int(try row.int64(2)), bytes: Array(try row.data(3)),
                                             leafHash: try row.text(4)))
            }
        }
    }
}

private enum DailySummarySQL {
    static let insert = """
        INSERT INTO daily_summaries (monitor_id, day, seq, created_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (monitor_id, day) DO NOTHING
        """
    private static let select = """
        SELECT d.monitor_id, d.day, e.seq, e.entry, e.leaf_hash FROM daily_summaries d
        JOIN ledger_entries e ON e.seq = d.seq WHERE d.day >= ? AND d.day <= ?
        """
    static let ofAll = select + " ORDER BY d.monitor_id, d.day"
    static let ofMonitor = select + " AND d.monitor_id = ? ORDER BY d.monitor_id, d.day"
}
