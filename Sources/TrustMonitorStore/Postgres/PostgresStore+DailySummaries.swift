import struct Foundation.Date
import PostgresNIO
import TrustMonitorLedger

extension PostgresStore {
    public func appendDailySummaries(_ summaries: [DailySummaryDraft]) async throws -> Int {
        guard !summaries.isEmpty else { return 0 }
        let now = Date().epochMilliseconds
        return try await write(durable: true) { session in
            // Held to commit: the seq read here is the one the entry takes, whoever else appends.
            try await PostgresLock.take(PostgresLock.ledger, in: session)
            var appended = 0
            for summary in summaries {
                let seq = Int64(try await session.ledgerSize())
                let inserted = try await session.first("""
                    INSERT INTO daily_summaries (monitor_id, day, seq, created_at)
                    VALUES (\(summary.monitor), \(summary.day), \(seq), \(now))
                    ON CONFLICT (monitor_id, day) DO NOTHING RETURNING seq
                    """) { _ in true } ?? false
                guard inserted else { continue }
                try await session.appendToLedger([summary.entry])
                appended += 1
            }
            return appended
        }
    }

    public func dailySummaries(monitor: String?, from: String, through: String) async throws -> [DailySummaryRecord] {
        try await read { session in
            if let monitor {
                return try await session.rows("""
                    SELECT d.monitor_id, d.day, e.seq, e.entry, e.leaf_hash FROM daily_summaries d
                    JOIN ledger_entries e ON e.seq = d.seq
                    WHERE d.day >= \(from) AND d.day <= \(through) AND d.monitor_id = \(monitor)
                    ORDER BY d.day COLLATE "C"
                    """, Self.dailySummary)
            }
            // `COLLATE "C"` orders ids by their bytes, as SQLite does, whatever the database's locale.
            return try await session.rows("""
                SELECT d.monitor_id, d.day, e.seq, e.entry, e.leaf_hash FROM daily_summaries d
                JOIN ledger_entries e ON e.seq = d.seq WHERE d.day >= \(from) AND d.day <= \(through)
                ORDER BY d.monitor_id COLLATE "C", d.day COLLATE "C"
                """, Self.dailySummary)
        }
    }

    static func dailySummary(_ row: PostgresRow) throws -> DailySummaryRecord {
        let (monitor, day, seq, entry, leafHash) = try row.decode((String, String, Int64, String, String).self)
        return DailySummaryRecord(monitor: monitor, day: day,
                                  entry: StoredLedgerEntry(seq: Int(seq), bytes: Array(entry.utf8), leafHash: leafHash))
    }
}
