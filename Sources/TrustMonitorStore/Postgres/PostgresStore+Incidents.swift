public import struct Foundation.Date
import PostgresNIO
public import TrustMonitorCore
import TrustMonitorLedger

extension PostgresStore {
    /// The monitor's row is locked first: openers of one monitor, in this process or another replica, queue
    /// there, and the one that goes second finds the first one's incident and returns it. The partial unique
    /// index (one open incident per monitor) would refuse a second one anyway. The alerts commit with it, or not at all.
    public func openIncident(_ incident: Incident, alerts: [AlertDraft]) async throws -> Incident {
        let opening = try IncidentWrites.opening(incident)
        let stored = opening.incident
        let rows = try StoredAlert.batch(alerts)
        return try await write { session in
            let lock = "SELECT id FROM monitors WHERE id = \(stored.monitor) FOR NO KEY UPDATE" as PostgresQuery
            guard try await session.first(lock, { _ in true }) == true else {
                throw StoreError.unknownMonitor(id: stored.monitor)
            }
            if let existing = try await session.openIncident(monitor: stored.monitor) { return existing }
            try await session.setMonitorState(id: stored.monitor, state: .down, since: stored.openedAt)
            try await session.execute("""
                INSERT INTO incidents (id, monitor_id, state, opened_at, resolved_at, body)
                VALUES (\(stored.id), \(stored.monitor), 'open', \(stored.openedAt.epochMilliseconds), NULL, \(opening.body))
                """)
            try await session.appendToLedger(opening.ledger)
            _ = try await session.insertAlerts(rows, nowMs: stored.openedAt.epochMilliseconds)
            return stored
        }
    }

    /// The incident's row is locked while it is read, so of two resolvers the second sees it resolved.
    public func resolveIncident(id: String, at: Date, recoveries: [ProbeVerdict], alerts: [AlertDraft]) async throws {
        let rows = try StoredAlert.batch(alerts)
        try await write { session in
            let row = "SELECT id, body FROM incidents WHERE id = \(id) FOR NO KEY UPDATE" as PostgresQuery
            guard let incident = try await session.first(row, IncidentRow.incident) else {
                throw StoreError.unknownIncident(id: id)
            }
            guard incident.state == .open else { return }
            let resolution = try IncidentWrites.resolution(of: incident, at: at, recoveries: recoveries)
            try await session.execute("""
                UPDATE incidents SET state = 'resolved', resolved_at = \(at.epochMilliseconds), body = \(resolution.body)
                WHERE id = \(id)
                """)
            try await session.setMonitorState(id: incident.monitor, state: .up, since: at)
            try await session.execute("""
                INSERT INTO incident_reports (incident_id, payload, created_at)
                VALUES (\(id), \(resolution.report), \(at.epochMilliseconds))
                """)
            try await session.appendToLedger(resolution.ledger)
            _ = try await session.insertAlerts(rows, nowMs: at.epochMilliseconds)
        }
    }

    public func incidentReport(id: String) async throws -> [UInt8]? {
        try await read { session in
            try await session.first("SELECT payload FROM incident_reports WHERE incident_id = \(id)") { row in
                Array(try row.decode(String.self).utf8)
            }
        }
    }

    public func openIncident(monitor: String) async throws -> Incident? {
        try await read { session in try await session.openIncident(monitor: monitor) }
    }

    /// Newest first; one statement per filter combination, so each can use its index.
    public func incidents(state: Incident.State?, monitor: String?, limit: Int) async throws -> [Incident] {
        guard limit > 0 else { return [] }
        let limit = Int64(limit)
        let query: PostgresQuery = switch (state, monitor) {
        case (nil, nil):
            "SELECT id, body FROM incidents ORDER BY opened_at DESC, id DESC LIMIT \(limit)"
        case let (state?, nil):
            """
            SELECT id, body FROM incidents WHERE state = \(state.rawValue) ORDER BY opened_at DESC, id DESC LIMIT \(limit)
            """
        case let (nil, monitor?):
            """
            SELECT id, body FROM incidents WHERE monitor_id = \(monitor) ORDER BY opened_at DESC, id DESC LIMIT \(limit)
            """
        case let (state?, monitor?):
            """
            SELECT id, body FROM incidents WHERE monitor_id = \(monitor) AND state = \(state.rawValue)
            ORDER BY opened_at DESC, id DESC LIMIT \(limit)
            """
        }
        return try await read { session in try await session.rows(query, IncidentRow.incident) }
    }

    public func incident(id: String) async throws -> Incident? {
        try await read { session in
            try await session.first("SELECT id, body FROM incidents WHERE id = \(id)", IncidentRow.incident)
        }
    }
}

extension PostgresSession {
    /// `state = 'open'` is written out, not bound, so the planner sees the partial unique index applies.
    fileprivate func openIncident(monitor: String) async throws -> Incident? {
        try await first("SELECT id, body FROM incidents WHERE monitor_id = \(monitor) AND state = 'open'",
                        IncidentRow.incident)
    }
}

private enum IncidentRow {
    static func incident(_ row: PostgresRow) throws -> Incident {
        let (id, body) = try row.decode((String, String).self)
        return try StoreJSON.decode(Incident.self, text: body, what: "incident \(id)")
    }
}
