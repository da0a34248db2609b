public import struct Foundation.Date
import PostgresNIO
import TrustMonitorLedger

extension PostgresStore {
    /// One statement: of two replicas adding one name at once, the second finds it taken.
    public func addProbe(name: String, region: String, tokenHash: String, now: Date) async throws -> ProbeRecord {
        let id = ProbeID.make()
        let added = try await write { session in
            try await session.first("""
                INSERT INTO probes (id, name, region, token_hash, created_at)
                VALUES (\(id), \(name), \(region), \(tokenHash), \(now.epochMilliseconds))
                ON CONFLICT (name) DO NOTHING
                RETURNING \(unescaped: ProbeRow.columns)
                """, ProbeRow.record)
        }
        guard let added else { throw StoreError.conflict("a probe named '\(name)' exists already") }
        return added
    }

    public func probe(tokenHash: String) async throws -> ProbeRecord? {
        try await read { session in
            try await session.first("""
                SELECT \(unescaped: ProbeRow.columns) FROM probes WHERE token_hash = \(tokenHash) AND revoked_at IS NULL
                """, ProbeRow.record)
        }
    }

    /// The probe's row is locked while its key is checked and bound: of two registrations at once, the second
    /// sees the first one's key.
    public func registerProbeKey(id: String, key: String, witnessKey: String?, now: Date) async throws -> ProbeRecord {
        try await write { session in
            let query: PostgresQuery = "SELECT \(unescaped: ProbeRow.columns) FROM probes WHERE id = \(id) FOR NO KEY UPDATE"
            guard let probe = try await session.first(query, ProbeRow.record) else {
                throw StoreError.unknownProbe(id: id)
            }
            let binding = try ProbeKeyBinding.decide(probe, key: key, witnessKey: witnessKey)
            let (registered, entry) = binding.apply(to: probe, now: now)
            guard let entry else { return probe }
            try await session.execute("""
                UPDATE probes SET key = \(registered.key), witness_key = \(registered.witnessKey),
                    registered_at = \(registered.registeredAt?.epochMilliseconds)
                WHERE id = \(id)
                """)
            _ = try await session.appendToLedger([entry])
            return registered
        }
    }

    public func recordHeartbeat(id: String, at: Date, canaryFailure: String?) async throws {
        let impaired: Int32 = canaryFailure == nil ? 0 : 1
        let changed = try await write { session in
            try await session.rows("""
                UPDATE probes SET last_heartbeat = \(at.epochMilliseconds), impaired = \(impaired),
                    canary_failure = \(canaryFailure)
                WHERE id = \(id) RETURNING id
                """) { try $0.decode(String.self) }
        }
        if changed.isEmpty { throw StoreError.unknownProbe(id: id) }
    }

    public func revokeProbe(id: String, at: Date) async throws -> Bool {
        let revoked = try await write { session in
            try await session.rows("""
                UPDATE probes SET revoked_at = \(at.epochMilliseconds) WHERE id = \(id) AND revoked_at IS NULL RETURNING id
                """) { try $0.decode(String.self) }
        }
        return !revoked.isEmpty
    }

    public func probes() async throws -> [ProbeRecord] {
        try await read { session in
            try await session.rows("""
                SELECT \(unescaped: ProbeRow.columns) FROM probes WHERE revoked_at IS NULL ORDER BY name
                """, ProbeRow.record)
        }
    }
}

/// The probe columns every query reads, in `record`'s order.
private enum ProbeRow {
    static let columns =
        "id, name, region, key, created_at, registered_at, last_heartbeat, impaired, canary_failure, witness_key"

    static func record(_ row: PostgresRow) throws -> ProbeRecord {
        let (id, name, region, key, createdAt, registeredAt, lastHeartbeat, impaired, canaryFailure, witnessKey) =
            try row.decode((String, String, String, String?, Int64, Int64?, Int64?, Int64, String?, String?).self)
        return ProbeRecord(id: id, name: name, region: region, key: key, witnessKey: witnessKey,
                           createdAt: Date(epochMilliseconds: createdAt),
                           registeredAt: registeredAt.map(Date.init(epochMilliseconds:)),
                           lastHeartbeat: lastHeartbeat.map(Date.init(epochMilliseconds:)), impaired: impaired != 0,
                           canaryFailure: canaryFailure)
    }
}
