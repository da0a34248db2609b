import Foundation
import Testing
import TrustMonitorStore

extension StoreConformance {
    /// Tokens are found by their secret's hash only while unrevoked; listings keep revoked ones, with every field.
    func tokensAreFoundByHashUntilRevoked() async throws {
        try await withFreshStore { store in
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            let ci = try await store.createToken(name: "ci", scopes: [.write, .read], tokenHash: "aa11", now: now)
            #expect(ci.id.hasPrefix("tok_") && ci.id.count == 16)
            #expect(ci.name == "ci" && ci.scopes == [.read, .write] && ci.createdAt == now)
            #expect(ci.lastUsedAt == nil && ci.revokedAt == nil)
            await #expect(throws: StoreError.self, "a secret is one token") {
                _ = try await store.createToken(name: "other", scopes: [.read], tokenHash: "aa11", now: now)
            }
            let grafana = try await store.createToken(name: "ci", scopes: [.admin], tokenHash: "bb22",
                                                      now: now.addingTimeInterval(1))
            #expect(grafana.id != ci.id, "names are not unique, ids are")
            #expect(try await store.token(hash: "aa11") == ci)
            #expect(try await store.token(hash: "cc33") == nil)

            let used = now.addingTimeInterval(90.5)
            try await store.touchToken(id: ci.id, at: used)
            #expect(try await store.token(hash: "aa11")?.lastUsedAt == used)

            let revokedAt = now.addingTimeInterval(120)
            let revoked = try await store.revokeToken(id: ci.id, at: revokedAt)
            #expect(revoked?.revokedAt == revokedAt && revoked?.lastUsedAt == used)
            #expect(try await store.token(hash: "aa11") == nil, "a revoked token finds nothing")
            #expect(try await store.revokeToken(id: ci.id, at: revokedAt.addingTimeInterval(60))?.revokedAt == revokedAt,
                    "revoking again keeps the first time")
            #expect(try await store.revokeToken(id: "tok_missing", at: revokedAt) == nil)

            let listed = try await store.tokens()
            #expect(listed.map(\.id) == [ci.id, grafana.id], "oldest first")
            #expect(listed.first?.revokedAt == revokedAt && listed.last?.revokedAt == nil)
        }
    }

    /// A session stands for its token while neither has ended: expiry, deletion and the token's revocation end it.
    func sessionsEndWithExpiryDeletionAndRevocation() async throws {
        try await withFreshStore { store in
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            let token = try await store.createToken(name: "alice", scopes: [.read], tokenHash: "aa11", now: now)
            func session(_ idHash: String, at start: Date) -> SessionRecord {
                SessionRecord(idHash: idHash, tokenID: token.id, csrf: "csrf-\(idHash)", createdAt: start,
                              expiresAt: start.addingTimeInterval(3600))
            }
            #expect(try await store.createSession(session("s1", at: now)))
            #expect(try await store.createSession(session("s2", at: now)))
            let found = try #require(try await store.session(idHash: "s1", now: now.addingTimeInterval(10)))
            #expect(found.session == session("s1", at: now) && found.token == token)
            #expect(try await store.session(idHash: "s1", now: now.addingTimeInterval(3600)) == nil, "expired")
            #expect(try await store.session(idHash: "nope", now: now) == nil)

            try await store.deleteSession(idHash: "s1")
            #expect(try await store.session(idHash: "s1", now: now) == nil)
            #expect(try await store.session(idHash: "s2", now: now) != nil)

            // A new session clears expired ones: s2 is gone from the table, not only hidden.
            #expect(try await store.createSession(session("s3", at: now.addingTimeInterval(7200))))
            #expect(try await store.session(idHash: "s2", now: now) == nil)

            _ = try await store.revokeToken(id: token.id, at: now.addingTimeInterval(7300))
            #expect(try await store.session(idHash: "s3", now: now.addingTimeInterval(7300)) == nil)
            #expect(try await store.createSession(session("s4", at: now.addingTimeInterval(7400))) == false,
                    "no session for a revoked token")
            let unknown = SessionRecord(idHash: "s5", tokenID: "tok_missing", csrf: "x", createdAt: now,
                                        expiresAt: now.addingTimeInterval(60))
            #expect(try await store.createSession(unknown) == false)
        }
    }

    /// The first start's admin token is kept once: by one of two stores racing on one database, and never again.
    func initialAdminTokenIsKeptOnce() async throws {
        try await withDatabase { database in
            let first = try await database.open()
            let second = try await database.open()
            defer { Task { try? await first.close(); try? await second.close() } }
            try await first.migrate()
            try await second.migrate()
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            async let one = first.createInitialAdminToken(name: "admin", tokenHash: "aa11", now: now)
            async let two = second.createInitialAdminToken(name: "admin", tokenHash: "bb22", now: now)
            let kept = [try await one, try await two].compactMap { $0 }
            #expect(kept.count == 1, "exactly one replica keeps its token")
            #expect(kept.first?.scopes == [.admin] && kept.first?.name == "admin")
            #expect(try await first.tokens().count == 1)

            // Revoked tokens count too: the store is not new, so no token is made behind the operator's back.
            _ = try await first.revokeToken(id: try #require(kept.first).id, at: now)
            #expect(try await first.createInitialAdminToken(name: "admin", tokenHash: "cc33", now: now) == nil)
            #expect(try await first.tokens().count == 1)
        }
    }

    /// A revoked probe's token finds nothing, it leaves the listing, and its name stays taken.
    func revokedProbesLoseTheirToken() async throws {
        try await withFreshStore { store in
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            let eu = try await store.addProbe(name: "eu-1", region: "eu", tokenHash: "aa11", now: now)
            _ = try await store.addProbe(name: "us-1", region: "us", tokenHash: "bb22", now: now)
            #expect(try await store.revokeProbe(id: eu.id, at: now))
            #expect(try await store.probe(tokenHash: "aa11") == nil)
            #expect(try await store.probe(tokenHash: "bb22")?.name == "us-1")
            #expect(try await store.probes().map(\.name) == ["us-1"])
            #expect(try await store.revokeProbe(id: eu.id, at: now) == false, "already revoked")
            #expect(try await store.revokeProbe(id: "prb_missing", at: now) == false)
            await #expect(throws: StoreError.self, "the name stays bound to the revoked probe's key") {
                _ = try await store.addProbe(name: "eu-1", region: "eu", tokenHash: "cc33", now: now)
            }
        }
    }
}
