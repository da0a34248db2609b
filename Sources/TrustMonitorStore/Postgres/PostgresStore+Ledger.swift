import struct Foundation.Date
import PostgresNIO
import TrustMonitorCore
public import TrustMonitorLedger

extension PostgresStore {
    public func ledgerSize() async throws -> Int {
        try await read { session in try await session.ledgerSize() }
    }

    public func ledgerEntries(from: Int, limit: Int) async throws -> [StoredLedgerEntry] {
        guard limit > 0, from >= 0 else { return [] }
        return try await read { session in
            try await session.rows("""
                SELECT seq, entry, leaf_hash FROM ledger_entries WHERE seq >= \(Int64(from)) ORDER BY seq
                LIMIT \(Int64(limit))
                """, LedgerRow.entry)
        }
    }

    public func ledgerEntries(incident: String) async throws -> [StoredLedgerEntry] {
        try await read { session in
            try await session.rows("""
                SELECT seq, entry, leaf_hash FROM ledger_entries WHERE incident_id = \(incident) ORDER BY seq
                """, LedgerRow.entry)
        }
    }

    public func appendLedgerEntries(_ drafts: [LedgerEntryDraft]) async throws -> Range<Int> {
        try await write(durable: true) { session in try await session.appendToLedger(drafts) }
    }

    public func recordCheckpoint(size: Int, note: String) async throws {
        let now = Date().epochMilliseconds
        try await write(durable: true) { session in
            try await session.execute("""
                INSERT INTO ledger_checkpoints (size, note, created_at) VALUES (\(Int64(size)), \(note), \(now))
                ON CONFLICT (size) DO UPDATE SET note = excluded.note
                """)
        }
    }

    public func checkpoints() async throws -> [(size: Int, note: String)] {
        try await read { session in
            try await session.rows("SELECT size, note FROM ledger_checkpoints ORDER BY size") { row in
                let (size, note) = try row.decode((Int64, String).self)
                return (Int(size), note)
            }
        }
    }
}

extension PostgresStore {
    public func latestCheckpoint() async throws -> (size: Int, note: String)? {
        try await read { session in
            try await session.first("SELECT size, note FROM ledger_checkpoints ORDER BY size DESC LIMIT 1") { row in
                let (size, note) = try row.decode((Int64, String).self)
                return (Int(size), note)
            }
        }
    }
}

extension PostgresSession {
    /// Appends entries at the end of the log, inside the caller's transaction: the entries and the event they
    /// record are committed together or not at all.
    ///
    /// The ledger lock is taken before the size is read and held to commit, so writers in this process and in
    /// every other one sharing the database append one after another: seq is the next leaf index, no gaps, no
    /// duplicates (the primary key on seq would refuse one). Read Committed gives the statement after the lock
    /// a fresh snapshot, which holds the previous holder's committed entries. Returns the seqs taken.
    @discardableResult
    func appendToLedger(_ drafts: [LedgerEntryDraft]) async throws -> Range<Int> {
        guard !drafts.isEmpty else {
            let size = try await ledgerSize()
            return size..<size
        }
        try await PostgresLock.take(PostgresLock.ledger, in: self)
        let start = try await ledgerSize()
        var seq = start
        let now = Date().epochMilliseconds
        for draft in drafts {
            let bytes = draft.bytes(seq: seq)
            let leafHash = RFC6962.leafHash(entry: bytes).hex
            try await execute("""
                INSERT INTO ledger_entries (seq, leaf_hash, entry, incident_id, created_at)
                VALUES (\(Int64(seq)), \(leafHash), \(String(decoding: bytes, as: UTF8.self)), \(draft.incident), \(now))
                """)
            seq += 1
        }
        return start..<seq
    }

    func ledgerSize() async throws -> Int {
        Int(try await first("SELECT COALESCE(MAX(seq) + 1, 0) FROM ledger_entries") { try $0.decode(Int64.self) } ?? 0)
    }
}

private enum LedgerRow {
    static func entry(_ row: PostgresRow) throws -> StoredLedgerEntry {
        let (seq, entry, leafHash) = try row.decode((Int64, String, String).self)
        return StoredLedgerEntry(seq: Int(seq), bytes: Array(entry.utf8), leafHash: leafHash)
    }
}
