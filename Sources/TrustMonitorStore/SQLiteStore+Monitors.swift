public import struct Foundation.Date
public import TrustMonitorCore

extension SQLiteStore {
    public func upsertMonitor(name: String, endpoint: String, interval: Duration, now: Date) async throws
        -> MonitorRecord
    {
        let intervalMs = interval.milliseconds
        let newID = MonitorID.make()
        return try await write { db in
            let existing = try db.queryFirst(SQL.idByName, [.text(name)]) { row in
                (id: try row.text(0), usedByAPI: try row.int64(1) == 1)
            }
            if let row = existing {
                // The file wins a name the API uses: replicas running the API's definition must drop it.
                if row.usedByAPI { try db.countAPIChange() }
                try db.execute(SQL.update, [.text(endpoint), .integer(intervalMs), .text(row.id)])
            } else {
                try db.execute(SQL.insert, [
                    .text(newID), .text(name), .text(endpoint), .integer(intervalMs),
                    .text(MonitorState.pending.rawValue), .date(now), .date(now),
                ])
            }
            guard let record = try db.queryFirst(SQL.byName, [.text(name)], Self.monitorRecord) else {
                throw StoreError.corrupt("monitor \(name) vanished inside its own transaction")
            }
            return record
        }
    }

    public func retireMonitors(notIn names: Set<String>, now: Date) async throws {
        try await write { db in
            let active = try db.query(SQL.active) { (id: try $0.text(0), name: try $0.text(1)) }
            for monitor in active where !names.contains(monitor.name) {
                try db.execute(SQL.retire, [.date(now), .text(monitor.id)])
            }
        }
    }

    public func monitors() async throws -> [MonitorRecord] {
        try await read { db in try db.query(SQL.all, [], Self.monitorRecord) }
    }

    public func monitor(id: String) async throws -> MonitorRecord? {
        try await read { db in try db.queryFirst(SQL.byID, [.text(id)], Self.monitorRecord) }
    }

    public func setMonitorState(id: String, state: MonitorState, since: Date) async throws {
        try await write { db in try db.setMonitorState(id: id, state: state, since: since) }
    }

    static func monitorRecord(_ row: SQLiteRow) throws -> MonitorRecord {
        let id = try row.text(0)
        let rawState = try row.text(4)
        guard let state = MonitorState(rawValue: rawState) else {
            throw StoreError.corrupt("monitor \(id) has unknown state \(rawState)")
        }
        let rawSource = try row.text(8)
        guard let source = MonitorSource(rawValue: rawSource) else {
            throw StoreError.corrupt("monitor \(id) has unknown source \(rawSource)")
        }
        return MonitorRecord(id: id, name: try row.text(1), endpoint: try row.text(2), intervalMs: try row.int64(3),
                             state: state, stateSince: try row.date(5), createdAt: try row.date(6),
                             retired: !row.isNull(7), source: source, paused: try row.int64(9) != 0)
    }
}

extension SQLiteConnection {
    /// Sets a monitor's state; the incident methods call this inside their own transactions.
    func setMonitorState(id: String, state: MonitorState, since: Date) throws {
        let changed = try execute(SQL.setState, [.text(state.rawValue), .date(since), .text(id)])
        if changed == 0 { throw StoreError.unknownMonitor(id: id) }
    }
}

/// Monitor ids: `mon_` and 12 random hex digits (48 bits), stable for the monitor's whole life.
enum MonitorID {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bits = generator.next() & 0xFFFF_FFFF_FFFF
        let hex = String(bits, radix: 16)
        return "mon_" + String(repeating: "0", count: 12 - hex.count) + hex
    }
}

private enum SQL {
    static let columns = MonitorColumns.list
    static let idByName = """
        SELECT id, CASE WHEN source = 'api' AND retired_at IS NULL THEN 1 ELSE 0 END FROM monitors WHERE name = ?
        """
    static let byName = "SELECT \(columns) FROM monitors WHERE name = ?"
    static let byID = "SELECT \(columns) FROM monitors WHERE id = ?"
    static let all = "SELECT \(columns) FROM monitors ORDER BY name"
    /// Only the file's monitors: the API retires its own (`DELETE`), never a config load.
    static let active = "SELECT id, name FROM monitors WHERE retired_at IS NULL AND source = 'config'"
    static let insert = """
        INSERT INTO monitors (id, name, endpoint, interval_ms, state, state_since, created_at, retired_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
        """
    /// A monitor configured again keeps its id, history and state, and is scheduled again; the file takes it over
    /// from the API if need be.
    static let update = """
        UPDATE monitors SET endpoint = ?, interval_ms = ?, retired_at = NULL, source = 'config', definition = NULL,
            paused = 0
        WHERE id = ?
        """
    static let retire = "UPDATE monitors SET retired_at = ? WHERE id = ?"
    static let setState = "UPDATE monitors SET state = ?, state_since = ? WHERE id = ?"
}
