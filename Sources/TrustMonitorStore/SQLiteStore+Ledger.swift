import struct Foundation.Date
import TrustMonitorCore
public import TrustMonitorLedger

extension SQLiteStore {
    public func ledgerSize() async throws -> Int {
        try await read { db in try db.ledgerSize() }
    }

    public func ledgerEntries(from: Int, limit: Int) async throws -> [StoredLedgerEntry] {
        guard limit > 0, from >= 0 else { return [] }
        return try await read { db in
            try db.query(LedgerSQL.range, [.integer(Int64(from)), .integer(Int64(limit))]) { row in
                StoredLedgerEntry(seq: Int(try row.int64(0)), bytes: Array(try row.data(1)), leafHash: try row.text(2))
            }
        }
    }
}

extension SQLiteStore {
    public func appendLedgerEntries(_ drafts: [LedgerEntryDraft]) async throws -> Range<Int> {
        try await durableWrite { db in
            let start = try db.ledgerSize()
            try db.appendToLedger(drafts)
            return start..<(start + drafts.count)
        }
    }

    public func recordCheckpoint(size: Int, note: String) async throws {
        try await durableWrite { db in
            try db.execute(LedgerSQL.insertCheckpoint, [.integer(Int64(size)), .text(note), .date(Date())])
        }
    }

    public func checkpoints() async throws -> [(size: Int, note: String)] {
        try await read { db in
            try db.query(LedgerSQL.checkpoints, []) { row in (Int(try row.int64(0)), try row.text(1)) }
        }
    }

    public func latestCheckpoint() async throws -> (size: Int, note: String)? {
        try await read { db in
            try db.queryFirst(LedgerSQL.latestCheckpoint, []) { row in (Int(try row.int64(0)), try row.text(1)) }
        }
    }

    public func ledgerEntries(incident: String) async throws -> [StoredLedgerEntry] {
        try await read { db in
            try db.query(LedgerSQL.ofIncident, [.text(incident)]) { row in
                StoredLedgerEntry(seq: Int(try row.int64(0)), bytes: Array(try row.data(1)), leafHash: try row.text(2))
            }
        }
    }
}

extension SQLiteConnection {
    /// Appends entries at the end of the log, inside the caller's transaction: the entry and the event it
    /// records are committed together or not at all. Writers are serialized, so seq has no gaps.
    func appendToLedger(_ drafts: [LedgerEntryDraft]) throws {
        var seq = try ledgerSize()
        let now = Date()
        for draft in drafts {
            let bytes = draft.bytes(seq: seq)
            let leafHash = RFC6962.leafHash(entry: bytes).hex
            try execute(LedgerSQL.insert, [.integer(Int64(seq)), .text(leafHash),
                                           .text(String(decoding: bytes, as: UTF8.self)), .text(draft.incident),
                                           .date(now)])
            seq += 1
        }
    }

    func ledgerSize() throws -> Int {
        Int(try queryFirst(LedgerSQL.size, []) { row in try row.int64(0) } ?? 0)
    }
}

private enum LedgerSQL {
    static let size = "SELECT COALESCE(MAX(seq) + 1, 0) FROM ledger_entries"
    static let insert = """
        INSERT INTO ledger_entries (seq, leaf_hash, entry, incident_id, created_at) VALUES (?, ?, ?, ?, ?)
        """
    static let insertCheckpoint = """
        INSERT INTO ledger_checkpoints (size, note, created_at) VALUES (?, ?, ?)
        ON CONFLICT (size) DO UPDATE SET note = excluded.note
        """
    static let checkpoints = "SELECT size, note FROM ledger_checkpoints ORDER BY size"
    static let latestCheckpoint = "SELECT size, note FROM ledger_checkpoints ORDER BY size DESC LIMIT 1"
    static let ofIncident = "SELECT seq, entry, leaf_hash FROM ledger_entries WHERE incident_id = ? ORDER BY seq"
    static let range = "SELECT seq, entry, leaf_hash FROM ledger_entries WHERE seq >= ? ORDER BY seq LIMIT ?"
}
