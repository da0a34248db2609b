public import struct Foundation.Date
import PostgresNIO
import TrustMonitorCore

/// The alert outbox in PostgreSQL, where every replica delivers at once. Row locks keep them apart: a claim locks
/// the rows it takes and skips rows another claim has locked, an attempt's record rechecks its claim on the locked
/// row, and the unique key makes one alert of an event and channel however many replicas enqueue it.
extension PostgresStore {
    public func enqueueAlerts(_ drafts: [AlertDraft], now: Date) async throws -> Int {
        guard !drafts.isEmpty else { return 0 }
        let rows = try StoredAlert.batch(drafts)
        return try await write { session in try await session.insertAlerts(rows, nowMs: now.epochMilliseconds) }
    }

    /// `FOR UPDATE SKIP LOCKED`: of claimers racing for the same alerts, each takes rows no other has locked; a row
    /// another claim took meanwhile no longer has an absent or run-out claim when PostgreSQL rechecks it.
    public func claimDueAlerts(claimant: String, limit: Int, now: Date, lease: Duration) async throws -> [AlertDelivery] {
        guard limit > 0 else { return [] }
        let nowMs = now.epochMilliseconds
        let expiresMs = nowMs + lease.milliseconds
        return try await write { session in
            let due = try await session.rows("""
                SELECT \(unescaped: AlertColumns.delivery) FROM alert_deliveries
                WHERE state = 'pending' AND next_attempt_ms <= \(nowMs)
                    AND (claim_expires_ms IS NULL OR claim_expires_ms <= \(nowMs))
                ORDER BY next_attempt_ms, id LIMIT \(Int64(limit))
                FOR UPDATE SKIP LOCKED
                """, AlertRow.delivery)
            guard !due.isEmpty else { return [] }
            try await session.execute("""
                UPDATE alert_deliveries SET claimant = \(claimant), claim_expires_ms = \(expiresMs)
                WHERE id = ANY(\(due.map(\.id)))
                """)
            return due
        }
    }

    /// One `UPDATE` whose condition is the claim: PostgreSQL rechecks it on the locked row, so a record racing a
    /// new claim either goes first (and the claim finds the row no longer pending or its claim cleared) or finds
    /// the row claimed by another and changes nothing.
    public func recordDeliveryAttempt(id: String, claimant: String, record: DeliveryRecord, now: Date) async throws
        -> Bool {
        let attempt = StoredAttempt(record, nowMs: now.epochMilliseconds)
        let changed = try await write { session in
            try await session.rows("""
                UPDATE alert_deliveries SET state = \(attempt.state), attempts = attempts + 1,
                    next_attempt_ms = COALESCE(\(attempt.nextAttemptMs), next_attempt_ms), last_result = \(attempt.lastResult),
                    delivered_ms = \(attempt.deliveredMs), claimant = NULL, claim_expires_ms = NULL
                WHERE id = \(id) AND claimant = \(claimant) AND state = 'pending'
                RETURNING id
                """) { try $0.decode(String.self) }
        }
        return !changed.isEmpty
    }

    /// Newest first; one statement per filter combination, so each can use its index.
    public func alertDeliveries(state: AlertDelivery.State?, incident: String?, limit: Int) async throws
        -> [AlertDelivery] {
        guard limit > 0 else { return [] }
        let limit = Int64(limit)
        let columns = AlertColumns.delivery
        let query: PostgresQuery = switch (state, incident) {
        case (nil, nil):
            "SELECT \(unescaped: columns) FROM alert_deliveries ORDER BY created_ms DESC, id DESC LIMIT \(limit)"
        case let (state?, nil):
            """
            SELECT \(unescaped: columns) FROM alert_deliveries WHERE state = \(state.rawValue)
            ORDER BY created_ms DESC, id DESC LIMIT \(limit)
            """
        case let (nil, incident?):
            """
            SELECT \(unescaped: columns) FROM alert_deliveries WHERE incident_id = \(incident)
            ORDER BY created_ms DESC, id DESC LIMIT \(limit)
            """
        case let (state?, incident?):
            """
            SELECT \(unescaped: columns) FROM alert_deliveries WHERE incident_id = \(incident) AND state = \(state.rawValue)
            ORDER BY created_ms DESC, id DESC LIMIT \(limit)
            """
        }
        return try await read { session in try await session.rows(query, AlertRow.delivery) }
    }

    /// Of acknowledgers racing, the second's insert waits for the first's commit and then does nothing; its read
    /// (a new statement, a new snapshot) sees the first one's row.
    public func acknowledgeIncident(id: String, by: String, at: Date) async throws -> (at: Date, by: String) {
        try await write { session in
            guard try await session.first("SELECT id FROM incidents WHERE id = \(id)", { _ in true }) == true else {
                throw StoreError.unknownIncident(id: id)
            }
            try await session.execute("""
                INSERT INTO incident_acks (incident_id, acknowledged_ms, acknowledged_by)
                VALUES (\(id), \(at.epochMilliseconds), \(by))
                ON CONFLICT (incident_id) DO NOTHING
                """)
            guard let kept = try await session.acknowledgement(id: id) else {
                throw StoreError.corrupt("the acknowledgement of incident \(id) was written but cannot be read")
            }
            return kept
        }
    }

    public func incidentAcknowledgement(id: String) async throws -> (at: Date, by: String)? {
        try await read { session in try await session.acknowledgement(id: id) }
    }
}

extension PostgresSession {
    /// Inserts outbox rows (already in key order) inside the caller's transaction in one statement, skipping keys
    /// already kept; how many were added. The incident methods call this so an alert commits with its event.
    /// Arrays hold no NULLs here, so an alert without an incident travels as '' (no incident id is empty).
    func insertAlerts(_ rows: [StoredAlert], nowMs: Int64) async throws -> Int {
        guard !rows.isEmpty else { return 0 }
        let inserted = try await self.rows("""
            INSERT INTO alert_deliveries (id, key, channel, monitor_id, incident_id, kind, message, state, attempts,
                next_attempt_ms, created_ms)
            SELECT id, key, channel, monitor_id, NULLIF(incident_id, ''), kind, message, state, 0, \(nowMs), \(nowMs)
            FROM unnest(\(rows.map(\.id)), \(rows.map(\.key)), \(rows.map(\.channel)), \(rows.map(\.monitorID)),
                \(rows.map { $0.incidentID ?? "" }), \(rows.map(\.kind)), \(rows.map(\.message)), \(rows.map(\.state)))
                WITH ORDINALITY AS a (id, key, channel, monitor_id, incident_id, kind, message, state, n)
            ORDER BY n
            ON CONFLICT (key) DO NOTHING
            RETURNING id
            """) { try $0.decode(String.self) }
        return inserted.count
    }

    fileprivate func acknowledgement(id: String) async throws -> (at: Date, by: String)? {
        try await first("""
            SELECT acknowledged_ms, acknowledged_by FROM incident_acks WHERE incident_id = \(id)
            """) { row in
            let (ms, by) = try row.decode((Int64, String).self)
            return (Date(epochMilliseconds: ms), by)
        }
    }
}

/// Outbox rows: `AlertColumns.delivery`.
private enum AlertRow {
    static func delivery(_ row: PostgresRow) throws -> AlertDelivery {
        let (id, key, channel, message, state, attempts, nextAttemptMs, lastResult, createdMs, deliveredMs) =
            try row.decode((String, String, String, String, String, Int32, Int64, String?, Int64, Int64?).self)
        return try AlertDelivery(storedID: id, key: key, channel: channel, message: message, state: state,
                                 attempts: Int64(attempts), nextAttemptMs: nextAttemptMs, lastResult: lastResult,
                                 createdMs: createdMs, deliveredMs: deliveredMs)
    }
}
