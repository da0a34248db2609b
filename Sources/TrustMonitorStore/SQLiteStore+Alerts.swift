public import struct Foundation.Date
import TrustMonitorCore

/// The alert outbox and acknowledgements on one SQLite file. Every write is one `BEGIN IMMEDIATE` transaction, so
/// claims (from this process or another on the same file) are serialized and never hand one alert out twice.
extension SQLiteStore {
    public func enqueueAlerts(_ drafts: [AlertDraft], now: Date) async throws -> Int {
        guard !drafts.isEmpty else { return 0 }
        let rows = try StoredAlert.batch(drafts)
        return try await write { db in try db.insertAlerts(rows, nowMs: now.epochMilliseconds) }
    }

    public func claimDueAlerts(claimant: String, limit: Int, now: Date, lease: Duration) async throws -> [AlertDelivery] {
        guard limit > 0 else { return [] }
        let nowMs = now.epochMilliseconds
        let expiresMs = nowMs + lease.milliseconds
        return try await write { db in
            let due = try db.query(AlertSQL.due, [.integer(nowMs), .integer(nowMs), .integer(Int64(limit))], Self.delivery)
            for delivery in due {
                try db.execute(AlertSQL.claim, [.text(claimant), .integer(expiresMs), .text(delivery.id)])
            }
            return due
        }
    }

    public func recordDeliveryAttempt(id: String, claimant: String, record: DeliveryRecord, now: Date) async throws
        -> Bool {
        let attempt = StoredAttempt(record, nowMs: now.epochMilliseconds)
        return try await write { db in
            try db.execute(AlertSQL.record, [
                .text(attempt.state), attempt.nextAttemptMs.map(SQLValue.integer) ?? .null, .text(attempt.lastResult),
                attempt.deliveredMs.map(SQLValue.integer) ?? .null, .text(id), .text(claimant),
            ]) > 0
        }
    }

    public func alertDeliveries(state: AlertDelivery.State?, incident: String?, limit: Int) async throws
        -> [AlertDelivery] {
        guard limit > 0 else { return [] }
        // One constant statement per filter combination, so each can use its index.
        let (sql, values): (String, [SQLValue]) = switch (state, incident) {
        case (nil, nil): (AlertSQL.newest, [])
        case let (state?, nil): (AlertSQL.newestInState, [.text(state.rawValue)])
        case let (nil, incident?): (AlertSQL.newestOfIncident, [.text(incident)])
        case let (state?, incident?): (AlertSQL.newestOfIncidentInState, [.text(incident), .text(state.rawValue)])
        }
        return try await read { db in try db.query(sql, values + [.integer(Int64(limit))], Self.delivery) }
    }

    public func acknowledgeIncident(id: String, by: String, at: Date) async throws -> (at: Date, by: String) {
        try await write { db in
            guard try db.queryFirst(AlertSQL.incidentExists, [.text(id)], { _ in true }) == true else {
                throw StoreError.unknownIncident(id: id)
            }
            try db.execute(AlertSQL.acknowledge, [.text(id), .date(at), .text(by)])
            guard let kept = try db.queryFirst(AlertSQL.acknowledgement, [.text(id)], Self.acknowledgement) else {
                throw StoreError.corrupt("the acknowledgement of incident \(id) was written but cannot be read")
            }
            return kept
        }
    }

    public func incidentAcknowledgement(id: String) async throws -> (at: Date, by: String)? {
        try await read { db in try db.queryFirst(AlertSQL.acknowledgement, [.text(id)], Self.acknowledgement) }
    }

    private static func delivery(_ row: SQLiteRow) throws -> AlertDelivery {
        try AlertDelivery(storedID: try row.text(0), key: try row.text(1), channel: try row.text(2),
                          message: try row.text(3), state: try row.text(4), attempts: try row.int64(5),
                          nextAttemptMs: try row.int64(6), lastResult: try row.optionalText(7),
                          createdMs: try row.int64(8), deliveredMs: row.optionalInt64(9))
    }

    private static func acknowledgement(_ row: SQLiteRow) throws -> (at: Date, by: String) {
        (try row.date(0), try row.text(1))
    }
}

extension SQLiteConnection {
    /// Inserts outbox rows (already in key order) inside the caller's transaction, skipping keys already kept;
    /// how many were added. The incident methods call this so an alert commits with its event.
    func insertAlerts(_ rows: [StoredAlert], nowMs: Int64) throws -> Int {
        try rows.reduce(0) { added, row in
            added + (try execute(AlertSQL.insert, [
                .text(row.id), .text(row.key), .text(row.channel), .text(row.monitorID), .text(row.incidentID),
                .text(row.kind), .text(row.message), .text(row.state), .integer(nowMs), .integer(nowMs),
            ]))
        }
    }
}

private enum AlertSQL {
    static let insert = """
        INSERT INTO alert_deliveries (id, key, channel, monitor_id, incident_id, kind, message, state, attempts,
            next_attempt_ms, created_ms)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
        ON CONFLICT (key) DO NOTHING
        """
    static let due = """
        SELECT \(AlertColumns.delivery) FROM alert_deliveries
        WHERE state = 'pending' AND next_attempt_ms <= ? AND (claim_expires_ms IS NULL OR claim_expires_ms <= ?)
        ORDER BY next_attempt_ms, id LIMIT ?
        """
    static let claim = "UPDATE alert_deliveries SET claimant = ?, claim_expires_ms = ? WHERE id = ?"
    static let record = """
        UPDATE alert_deliveries SET state = ?, attempts = attempts + 1, next_attempt_ms = COALESCE(?, next_attempt_ms),
            last_result = ?, delivered_ms = ?, claimant = NULL, claim_expires_ms = NULL
        WHERE id = ? AND claimant = ? AND state = 'pending'
        """
    static let order = "ORDER BY created_ms DESC, id DESC LIMIT ?"
    static let newest = "SELECT \(AlertColumns.delivery) FROM alert_deliveries \(order)"
    static let newestInState = "SELECT \(AlertColumns.delivery) FROM alert_deliveries WHERE state = ? \(order)"
    static let newestOfIncident = "SELECT \(AlertColumns.delivery) FROM alert_deliveries WHERE incident_id = ? \(order)"
    static let newestOfIncidentInState = """
        SELECT \(AlertColumns.delivery) FROM alert_deliveries WHERE incident_id = ? AND state = ? \(order)
        """
    static let incidentExists = "SELECT 1 FROM incidents WHERE id = ?"
    static let acknowledge = """
        INSERT INTO incident_acks (incident_id, acknowledged_ms, acknowledged_by) VALUES (?, ?, ?)
        ON CONFLICT (incident_id) DO NOTHING
        """
    static let acknowledgement = "SELECT acknowledged_ms, acknowledged_by FROM incident_acks WHERE incident_id = ?"
}
