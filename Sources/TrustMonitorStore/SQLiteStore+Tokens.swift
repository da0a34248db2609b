public import struct Foundation.Date

extension SQLiteStore {
    public func createToken(name: String, scopes: Set<TokenScope>, tokenHash: String, now: Date) async throws
        -> APITokenRecord
    {
        let id = TokenID.make()
        return try await write { db in
            if try db.queryFirst(TokenSQL.idByHash, [.text(tokenHash)], { try $0.text(0) }) != nil {
                throw StoreError.conflict("a token with this secret exists already")
            }
            return try Self.insertToken(db, id: id, name: name, scopes: scopes, tokenHash: tokenHash, now: now)
        }
    }

    /// `BEGIN IMMEDIATE` holds the write lock from the count to the insert: a second process waits, then counts one.
    public func createInitialAdminToken(name: String, tokenHash: String, now: Date) async throws -> APITokenRecord? {
        let id = TokenID.make()
        return try await write { db in
            guard try db.queryFirst(TokenSQL.any, [], { try $0.text(0) }) == nil else { return nil }
            return try Self.insertToken(db, id: id, name: name, scopes: [.admin], tokenHash: tokenHash, now: now)
        }
    }

    public func token(hash: String) async throws -> APITokenRecord? {
        try await read { db in try db.queryFirst(TokenSQL.activeByHash, [.text(hash)], Self.tokenRecord) }
    }

    public func tokens() async throws -> [APITokenRecord] {
        try await read { db in try db.query(TokenSQL.all, [], Self.tokenRecord) }
    }

    public func revokeToken(id: String, at: Date) async throws -> APITokenRecord? {
        try await write { db in
            try db.execute(TokenSQL.revoke, [.date(at), .text(id)])
            try db.execute(SessionSQL.deleteOfToken, [.text(id)])
            return try db.queryFirst(TokenSQL.byID, [.text(id)], Self.tokenRecord)
        }
    }

    public func touchToken(id: String, at: Date) async throws {
        try await write { db in _ = try db.execute(TokenSQL.touch, [.date(at), .text(id)]) }
    }

    public func createSession(_ session: SessionRecord) async throws -> Bool {
        try await write { db in
            try db.execute(SessionSQL.deleteExpired, [.date(session.createdAt)])
            return try db.execute(SessionSQL.insert, [
                .text(session.idHash), .text(session.tokenID), .text(session.csrf), .date(session.createdAt),
                .date(session.expiresAt), .text(session.tokenID),
            ]) == 1
        }
    }

    public func session(idHash: String, now: Date) async throws -> (session: SessionRecord, token: APITokenRecord)? {
        try await read { db in
            try db.queryFirst(SessionSQL.live, [.text(idHash), .date(now)]) { row in
                let session = SessionRecord(idHash: try row.text(0), tokenID: try row.text(1), csrf: try row.text(2),
                                            createdAt: try row.date(3), expiresAt: try row.date(4))
                return (session, try Self.tokenRecord(row, from: 5))
            }
        }
    }

    public func deleteSession(idHash: String) async throws {
        try await write { db in _ = try db.execute(SessionSQL.delete, [.text(idHash)]) }
    }

    private static func insertToken(_ db: SQLiteConnection, id: String, name: String, scopes: Set<TokenScope>,
                                    tokenHash: String, now: Date) throws -> APITokenRecord {
        try db.execute(TokenSQL.insert, [
            .text(id), .text(name), .text(tokenHash), .text(APITokenRecord.scopesText(scopes)), .date(now),
        ])
        guard let record = try db.queryFirst(TokenSQL.byID, [.text(id)], { try tokenRecord($0) }) else {
            throw StoreError.corrupt("token \(id) vanished inside its own transaction")
        }
        return record
    }

    private static func tokenRecord(_ row: SQLiteRow) throws -> APITokenRecord { try tokenRecord(row, from: 0) }

    /// The token columns (`TokenSQL.columns`) starting at column `first`.
    private static func tokenRecord(_ row: SQLiteRow, from first: Int32) throws -> APITokenRecord {
        APITokenRecord(id: try row.text(first), name: try row.text(first + 1),
                       scopes: try APITokenRecord.scopes(try row.text(first + 2)), createdAt: try row.date(first + 3),
                       lastUsedAt: row.optionalDate(first + 4), revokedAt: row.optionalDate(first + 5))
    }
}

private enum TokenSQL {
    static let columns = "id, name, scopes, created_at, last_used_at, revoked_at"
    static let idByHash = "SELECT id FROM api_tokens WHERE token_hash = ?"
    static let any = "SELECT id FROM api_tokens LIMIT 1"
    static let byID = "SELECT \(columns) FROM api_tokens WHERE id = ?"
    static let activeByHash = "SELECT \(columns) FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL"
    static let all = "SELECT \(columns) FROM api_tokens ORDER BY created_at, id"
    static let insert = "INSERT INTO api_tokens (id, name, token_hash, scopes, created_at) VALUES (?, ?, ?, ?, ?)"
    static let revoke = "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?"
    static let touch = "UPDATE api_tokens SET last_used_at = ? WHERE id = ?"
}

private enum SessionSQL {
    static let insert = """
        INSERT INTO sessions (id_hash, token_id, csrf, created_at, expires_at)
        SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM api_tokens WHERE id = ? AND revoked_at IS NULL)
        """
    static let live = """
        SELECT s.id_hash, s.token_id, s.csrf, s.created_at, s.expires_at,
            t.id, t.name, t.scopes, t.created_at, t.last_used_at, t.revoked_at
        FROM sessions s JOIN api_tokens t ON t.id = s.token_id
        WHERE s.id_hash = ? AND s.expires_at > ? AND t.revoked_at IS NULL
        """
    static let delete = "DELETE FROM sessions WHERE id_hash = ?"
    static let deleteOfToken = "DELETE FROM sessions WHERE token_id = ?"
    static let deleteExpired = "DELETE FROM sessions WHERE expires_at <= ?"
}
