public import struct Foundation.Date
public import TrustMonitorCore
import TrustMonitorLedger

extension SQLiteStore {
    /// The monitor is set `down` first and the incident inserted second, in one transaction: if the insert
    /// fails (a duplicate id, say), the state change is rolled back with it, and so are the alerts.
    public func openIncident(_ incident: Incident, alerts: [AlertDraft]) async throws -> Incident {
        let opening = try IncidentWrites.opening(incident)
        let stored = opening.incident
        let rows = try StoredAlert.batch(alerts)
        return try await write { db in
            if let existing = try db.openIncident(monitor: stored.monitor) { return existing }
            try db.setMonitorState(id: stored.monitor, state: .down, since: stored.openedAt)
            try db.execute(SQL.insert, [.text(stored.id), .text(stored.monitor), .date(stored.openedAt), .text(opening.body)])
            try db.appendToLedger(opening.ledger)
            _ = try db.insertAlerts(rows, nowMs: stored.openedAt.epochMilliseconds)
            return stored
        }
    }

    public func resolveIncident(id: String, at: Date, recoveries: [ProbeVerdict], alerts: [AlertDraft]) async throws {
        let rows = try StoredAlert.batch(alerts)
        try await write { db in
            guard let incident = try db.queryFirst(SQL.byID, [.text(id)], Self.incident) else {
                throw StoreError.unknownIncident(id: id)
            }
            guard incident.state == .open else { return }
            let resolution = try IncidentWrites.resolution(of: incident, at: at, recoveries: recoveries)
            try db.execute(SQL.resolve, [.date(at), .text(resolution.body), .text(id)])
            try db.setMonitorState(id: incident.monitor, state: .up, since: at)
            try db.execute(SQL.insertReport, [.text(id), .text(resolution.report), .date(at)])
            try db.appendToLedger(resolution.ledger)
            _ = try db.insertAlerts(rows, nowMs: at.epochMilliseconds)
        }
    }

    public func incidentReport(id: String) async throws -> [UInt8]? {
        try await read { db in try db.queryFirst(SQL.report, [.text(id)]) { row in Array(try row.data(0)) } }
    }

    public func openIncident(monitor: String) async throws -> Incident? {
        try await read { db in try db.openIncident(monitor: monitor) }
    }

    public func incidents(state: Incident.State?, monitor: String?, limit: Int) async throws -> [Incident] {
        guard limit > 0 else { return [] }
        // One constant statement per filter combination, so each can use its index.
        let (sql, values): (String, [SQLValue]) = switch (state, monitor) {
        case (nil, nil): (SQL.newest, [])
        case let (state?, nil): (SQL.newestInState, [.text(state.rawValue)])
        case let (nil, monitor?): (SQL.newestOfMonitor, [.text(monitor)])
        case let (state?, monitor?): (SQL.newestOfMonitorInState, [.text(monitor), .text(state.rawValue)])
        }
        return try await read { db in try db.query(sql, values + [.integer(Int64(limit))], Self.incident) }
    }

    public func incident(id: String) async throws -> Incident? {
        try await read { db in try db.queryFirst(SQL.byID, [.text(id)], Self.incident) }
    }

    fileprivate static func incident(_ row: SQLiteRow) throws -> Incident {
        try StoreJSON.decode(Incident.self, from: try row.data(1), what: "incident \(try row.text(0))")
    }
}

extension SQLiteConnection {
    fileprivate func openIncident(monitor: String) throws -> Incident? {
        try queryFirst(SQL.openOfMonitor, [.text(monitor)], SQLiteStore.incident)
    }
}

private enum SQL {
    static let insert = """
        INSERT INTO incidents (id, monitor_id, state, opened_at, resolved_at, body)
        VALUES (?, ?, 'open', ?, NULL, ?)
        """
    static let resolve = "UPDATE incidents SET state = 'resolved', resolved_at = ?, body = ? WHERE id = ?"
    static let insertReport = "INSERT INTO incident_reports (incident_id, payload, created_at) VALUES (?, ?, ?)"
    static let report = "SELECT payload FROM incident_reports WHERE incident_id = ?"
    static let byID = "SELECT id, body FROM incidents WHERE id = ?"
    // `state = 'open'` is written out, not bound, so SQLite sees it matches the partial unique index.
    static let openOfMonitor = "SELECT id, body FROM incidents WHERE monitor_id = ? AND state = 'open'"
    static let order = "ORDER BY opened_at DESC, id DESC LIMIT ?"
    static let newest = "SELECT id, body FROM incidents \(order)"
    static let newestInState = "SELECT id, body FROM incidents WHERE state = ? \(order)"
    static let newestOfMonitor = "SELECT id, body FROM incidents WHERE monitor_id = ? \(order)"
    static let newestOfMonitorInState = "SELECT id, body FROM incidents WHERE monitor_id = ? AND state = ? \(order)"
}
