public import struct Foundation.Date
import TrustMonitorLedger

extension SQLiteStore {
    public func addProbe(name: String, region: String, tokenHash: String, now: Date) async throws -> ProbeRecord {
        let id = ProbeID.make()
        return try await write { db in
            if try db.queryFirst(ProbeSQL.idByName, [.text(name)], { try $0.text(0) }) != nil {
                throw StoreError.conflict("a probe named '\(name)' exists already")
            }
            try db.execute(ProbeSQL.insert, [.text(id), .text(name), .text(region), .text(tokenHash), .date(now)])
            guard let record = try db.queryFirst(ProbeSQL.byID, [.text(id)], Self.probeRecord) else {
                throw StoreError.corrupt("probe \(name) vanished inside its own transaction")
            }
            return record
        }
    }

    public func probe(tokenHash: String) async throws -> ProbeRecord? {
        try await read { db in try db.queryFirst(ProbeSQL.byTokenHash, [.text(tokenHash)], Self.probeRecord) }
    }

    public func registerProbeKey(id: String, key: String, witnessKey: String?, now: Date) async throws -> ProbeRecord {
        try await write { db in
            guard let probe = try db.queryFirst(ProbeSQL.byID, [.text(id)], Self.probeRecord) else {
                throw StoreError.unknownProbe(id: id)
            }
            let binding = try ProbeKeyBinding.decide(probe, key: key, witnessKey: witnessKey)
            let (registered, entry) = binding.apply(to: probe, now: now)
            guard let entry else { return probe }
            try db.execute(ProbeSQL.setKeys, [
                .text(registered.key ?? key), registered.witnessKey.map(SQLValue.text) ?? .null,
                .date(registered.registeredAt), .text(id),
            ])
            try db.appendToLedger([entry])
            return registered
        }
    }

    public func recordHeartbeat(id: String, at: Date, canaryFailure: String?) async throws {
        try await write { db in
            let changed = try db.execute(ProbeSQL.heartbeat, [
                .date(at), .integer(canaryFailure == nil ? 0 : 1), canaryFailure.map(SQLValue.text) ?? .null, .text(id),
            ])
            if changed == 0 { throw StoreError.unknownProbe(id: id) }
        }
    }

    public func probes() async throws -> [ProbeRecord] {
        try await read { db in try db.query(ProbeSQL.all, [], Self.probeRecord) }
    }

    public func revokeProbe(id: String, at: Date) async throws -> Bool {
        try await write { db in try db.execute(ProbeSQL.revoke, [.date(at), .text(id)]) == 1 }
    }

    private static func probeRecord(_ row: SQLiteRow) throws -> ProbeRecord {
        ProbeRecord(id: try row.text(0), name: try row.text(1), region: try row.text(2), key: try row.optionalText(3),
                    witnessKey: try row.optionalText(9), createdAt: try row.date(4), registeredAt: row.optionalDate(5), lastHeartbeat: row.optionalDate(6),
                    impaired: try row.int64(7) != 0, canaryFailure: try row.optionalText(8))
    }
}

/// Probe ids: `prb_` and 12 random hex digits.
enum ProbeID {
    static func make() -> String { "prb_" + MonitorID.make().dropFirst(4) }
}

private enum ProbeSQL {
    static let columns = "id, name, region, key, created_at, registered_at, last_heartbeat, impaired, canary_failure, witness_key"
    static let idByName = "SELECT id FROM probes WHERE name = ?"
    static let byID = "SELECT \(columns) FROM probes WHERE id = ?"
    static let byTokenHash = "SELECT \(columns) FROM probes WHERE token_hash = ? AND revoked_at IS NULL"
    static let all = "SELECT \(columns) FROM probes WHERE revoked_at IS NULL ORDER BY name"
    static let insert = "INSERT INTO probes (id, name, region, token_hash, created_at) VALUES (?, ?, ?, ?, ?)"
    static let setKeys = "UPDATE probes SET key = ?, witness_key = ?, registered_at = ? WHERE id = ?"
    static let revoke = "UPDATE probes SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"
    static let heartbeat = "UPDATE probes SET last_heartbeat = ?, impaired = ?, canary_failure = ? WHERE id = ?"
}
