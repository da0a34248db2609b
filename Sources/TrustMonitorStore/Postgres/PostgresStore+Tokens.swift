public import struct Foundation.Date
import PostgresNIO

extension PostgresStore {
    /// One statement: of two writers with one secret at once, the second finds it taken.
    public func createToken(name: String, scopes: Set<TokenScope>, tokenHash: String, now: Date) async throws
        -> APITokenRecord
    {
        let id = TokenID.make()
        let created = try await write { session in
            try await session.first(TokenRow.insert(id: id, name: name, scopes: scopes, tokenHash: tokenHash, now: now),
                                    { try TokenRow.record($0) })
        }
        guard let created else { throw StoreError.conflict("a token with this secret exists already") }
        return created
    }

    /// Under READ COMMITTED two replicas could both count no token and both insert: the advisory lock makes the
    /// second wait for the first's commit, and then count one.
    public func createInitialAdminToken(name: String, tokenHash: String, now: Date) async throws -> APITokenRecord? {
        let id = TokenID.make()
        return try await write { session in
            try await PostgresLock.take(PostgresLock.firstToken, in: session)
            guard try await session.first("SELECT id FROM api_tokens LIMIT 1", { try $0.decode(String.self) }) == nil
            else { return nil }
            return try await session.first(
                TokenRow.insert(id: id, name: name, scopes: [.admin], tokenHash: tokenHash, now: now),
                { try TokenRow.record($0) })
        }
    }

    public func token(hash: String) async throws -> APITokenRecord? {
        try await read { session in
            try await session.first("""
                SELECT \(unescaped: TokenRow.columns) FROM api_tokens WHERE token_hash = \(hash) AND revoked_at IS NULL
                """, { try TokenRow.record($0) })
        }
    }

    public func tokens() async throws -> [APITokenRecord] {
        try await read { session in
            try await session.rows("SELECT \(unescaped: TokenRow.columns) FROM api_tokens ORDER BY created_at, id",
                                   { try TokenRow.record($0) })
        }
    }

    public func revokeToken(id: String, at: Date) async throws -> APITokenRecord? {
        try await write { session in
            let revoked = try await session.first("""
                UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, \(at.epochMilliseconds)) WHERE id = \(id)
                RETURNING \(unescaped: TokenRow.columns)
                """, { try TokenRow.record($0) })
            try await session.execute("DELETE FROM sessions WHERE token_id = \(id)")
            return revoked
        }
    }

    public func touchToken(id: String, at: Date) async throws {
        try await write { session in
            try await session.execute("UPDATE api_tokens SET last_used_at = \(at.epochMilliseconds) WHERE id = \(id)")
        }
    }

    public func createSession(_ record: SessionRecord) async throws -> Bool {
        try await write { session in
            try await session.execute("DELETE FROM sessions WHERE expires_at <= \(record.createdAt.epochMilliseconds)")
            let kept = try await session.rows("""
                INSERT INTO sessions (id_hash, token_id, csrf, created_at, expires_at)
                SELECT \(record.idHash), \(record.tokenID), \(record.csrf), \(record.createdAt.epochMilliseconds),
                    \(record.expiresAt.epochMilliseconds)
                WHERE EXISTS (SELECT 1 FROM api_tokens WHERE id = \(record.tokenID) AND revoked_at IS NULL)
                RETURNING id_hash
                """) { try $0.decode(String.self) }
            return !kept.isEmpty
        }
    }

    public func session(idHash: String, now: Date) async throws -> (session: SessionRecord, token: APITokenRecord)? {
        try await read { session in
            try await session.first("""
                SELECT s.id_hash, s.token_id, s.csrf, s.created_at, s.expires_at,
                    t.id, t.name, t.scopes, t.created_at, t.last_used_at, t.revoked_at
                FROM sessions s JOIN api_tokens t ON t.id = s.token_id
                WHERE s.id_hash = \(idHash) AND s.expires_at > \(now.epochMilliseconds) AND t.revoked_at IS NULL
                """) { row in
                let (idHash, tokenID, csrf, createdAt, expiresAt, id, name, scopes, tokenCreatedAt, lastUsedAt, revokedAt) =
                    try row.decode((String, String, String, Int64, Int64, String, String, String, Int64, Int64?, Int64?).self)
                let record = SessionRecord(idHash: idHash, tokenID: tokenID, csrf: csrf,
                                           createdAt: Date(epochMilliseconds: createdAt),
                                           expiresAt: Date(epochMilliseconds: expiresAt))
                return (record, try TokenRow.record(id: id, name: name, scopes: scopes, createdAt: tokenCreatedAt,
                                                    lastUsedAt: lastUsedAt, revokedAt: revokedAt))
            }
        }
    }

    public func deleteSession(idHash: String) async throws {
        try await write { session in try await session.execute("DELETE FROM sessions WHERE id_hash = \(idHash)") }
    }
}

extension PostgresLock {
    /// Held while the first start decides whether any token exists, so replicas starting at once keep one admin token.
    static let firstToken: Int64 = 0x544D_5F54_4F4B_454E  // "TM_TOKEN"
}

/// The token columns every query reads, in `record`'s order.
private enum TokenRow {
    static let columns = "id, name, scopes, created_at, last_used_at, revoked_at"

    static func insert(id: String, name: String, scopes: Set<TokenScope>, tokenHash: String, now: Date) -> PostgresQuery {
        """
        INSERT INTO api_tokens (id, name, token_hash, scopes, created_at)
        VALUES (\(id), \(name), \(tokenHash), \(APITokenRecord.scopesText(scopes)), \(now.epochMilliseconds))
        ON CONFLICT (token_hash) DO NOTHING
        RETURNING \(unescaped: columns)
        """
    }

    static func record(_ row: PostgresRow) throws -> APITokenRecord {
        let (id, name, scopes, createdAt, lastUsedAt, revokedAt) =
            try row.decode((String, String, String, Int64, Int64?, Int64?).self)
        return try record(id: id, name: name, scopes: scopes, createdAt: createdAt, lastUsedAt: lastUsedAt,
                          revokedAt: revokedAt)
    }

    static func record(id: String, name: String, scopes: String, createdAt: Int64, lastUsedAt: Int64?,
                       revokedAt: Int64?) throws -> APITokenRecord {
        APITokenRecord(id: id, name: name, scopes: try APITokenRecord.scopes(scopes),
                       createdAt: Date(epochMilliseconds: createdAt),
                       lastUsedAt: lastUsedAt.map(Date.init(epochMilliseconds:)),
                       revokedAt: revokedAt.map(Date.init(epochMilliseconds:)))
    }
}
