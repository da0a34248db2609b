public import struct Foundation.Date
import TrustMonitorCore

/// Monitors the API owns: each write checks the owner and counts the change (`api_changes`) in its transaction.
extension SQLiteStore {
    public func monitor(name: String) async throws -> MonitorRecord? {
        try await read { db in try db.queryFirst(APISQL.byName, [.text(name)], Self.monitorRecord) }
    }

    public func createAPIMonitor(_ draft: APIMonitorDraft, now: Date) async throws -> MonitorRecord {
        let newID = MonitorID.make()
        return try await write { db in
            let existing = try db.queryFirst(APISQL.ownerByName, [.text(draft.name)], APISQL.owner)
            if let existing {
                // A retired monitor's name is taken over with its history, as a file naming it again would.
                guard existing.row.retired else { throw APIMonitorRule.nameTaken(draft.name) }
                try db.execute(APISQL.takeOver, [.text(draft.endpoint), .integer(draft.interval.milliseconds),
                                                 .text(draft.definition), .integer(draft.paused == true ? 1 : 0),
                                                 .text(existing.id)])
            } else {
                try db.execute(APISQL.insert, [
                    .text(newID), .text(draft.name), .text(draft.endpoint), .integer(draft.interval.milliseconds),
                    .text(MonitorState.pending.rawValue), .date(now), .date(now), .text(draft.definition),
                    .integer(draft.paused == true ? 1 : 0),
                ])
            }
            try db.countAPIChange()
            return try db.monitorRecord(name: draft.name)
        }
    }

    public func updateAPIMonitor(id: String, _ draft: APIMonitorDraft, now: Date) async throws -> MonitorRecord {
        try await write { db in
            try APIMonitorRule.check(try db.queryFirst(APISQL.ownerByID, [.text(id)], APISQL.owner)?.row, id: id)
            if let other = try db.queryFirst(APISQL.ownerByName, [.text(draft.name)], APISQL.owner), other.id != id {
                throw APIMonitorRule.nameTaken(draft.name)
            }
            try db.execute(APISQL.replace, [.text(draft.name), .text(draft.endpoint),
                                            .integer(draft.interval.milliseconds), .text(draft.definition), .text(id)])
            if let paused = draft.paused { try db.execute(APISQL.pause, [.integer(paused ? 1 : 0), .text(id)]) }
            try db.countAPIChange()
            return try db.monitorRecord(name: draft.name)
        }
    }

    public func setAPIMonitorPaused(id: String, paused: Bool, now: Date) async throws -> MonitorRecord {
        try await write { db in
            let owner = try db.queryFirst(APISQL.ownerByID, [.text(id)], APISQL.owner)
            try APIMonitorRule.check(owner?.row, id: id)
            try db.execute(APISQL.pause, [.integer(paused ? 1 : 0), .text(id)])
            try db.countAPIChange()
            return try db.monitorRecord(name: owner?.name ?? "")
        }
    }

    public func deleteAPIMonitor(id: String, now: Date) async throws {
        try await write { db in
            try APIMonitorRule.check(try db.queryFirst(APISQL.ownerByID, [.text(id)], APISQL.owner)?.row, id: id)
            try db.execute(APISQL.retire, [.date(now), .text(id)])
            try db.countAPIChange()
        }
    }

    public func apiMonitors() async throws -> [APIMonitor] {
        try await read { db in
            try db.query(APISQL.inUse, []) { row in
                APIMonitor(record: try Self.monitorRecord(row), definition: try row.text(10))
            }
        }
    }

    public func apiChangeStamp() async throws -> Int64 {
        try await read { db in try db.queryFirst(APISQL.stamp, []) { try $0.int64(0) } ?? 0 }
    }
}

extension SQLiteConnection {
    /// Counts one change of what the API defines, inside the caller's transaction.
    func countAPIChange() throws {
        try execute("UPDATE api_changes SET version = version + 1 WHERE id = 1")
    }

    fileprivate func monitorRecord(name: String) throws -> MonitorRecord {
        guard let record = try queryFirst(APISQL.byName, [.text(name)], SQLiteStore.monitorRecord) else {
            throw StoreError.corrupt("monitor \(name) vanished inside its own transaction")
        }
        return record
    }
}

private enum APISQL {
    static let byName = "SELECT \(MonitorColumns.list) FROM monitors WHERE name = ?"
    static let ownerByName = "SELECT id, name, source, retired_at FROM monitors WHERE name = ?"
    static let ownerByID = "SELECT id, name, source, retired_at FROM monitors WHERE id = ?"
    static let inUse = """
        SELECT \(MonitorColumns.list), definition FROM monitors
        WHERE source = 'api' AND retired_at IS NULL AND definition IS NOT NULL ORDER BY name
        """
    static let insert = """
        INSERT INTO monitors (id, name, endpoint, interval_ms, state, state_since, created_at, retired_at, source,
                              definition, paused)
        VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 'api', ?, ?)
        """
    static let takeOver = """
        UPDATE monitors SET endpoint = ?, interval_ms = ?, retired_at = NULL, source = 'api', definition = ?, paused = ?
        WHERE id = ?
        """
    static let replace = "UPDATE monitors SET name = ?, endpoint = ?, interval_ms = ?, definition = ? WHERE id = ?"
    static let pause = "UPDATE monitors SET paused = ? WHERE id = ?"
    static let retire = "UPDATE monitors SET retired_at = ?, definition = NULL, paused = 0 WHERE id = ?"
    static let stamp = "SELECT version FROM api_changes WHERE id = 1"

    static func owner(_ row: SQLiteRow) throws
        -> (id: String, name: String, row: (source: MonitorSource, retired: Bool))
    {
        (try row.text(0), try row.text(1), (MonitorSource(rawValue: try row.text(2)) ?? .config, !row.isNull(3)))
    }
}
