import Foundation
import Testing
@testable import TrustMonitorServer
import TrustMonitorStore
@testable import TrustMonitorTestSupport

/// `/api/v1/me` and `/api/v1/tokens` on a real server: a secret is shown once, then never again, anywhere.
@Suite struct TokenRoutesTests {
    @Test func aTokenIsCreatedShownOnceListedAndRevoked() async throws {
        try await AccessHarness.run { server in
            let admin = try server.token(.admin)
            let created = try await TestHTTP.send("POST", server.base + "/api/v1/tokens", bearer: admin,
                                                  json: #"{"name": "ci", "scopes": ["write", "read"]}"#)
            #expect(created.status == 201, "\(created.text)")
            let secret = try #require(created.json["token"] as? String)
            #expect(APIToken.isWellFormed(secret) && secret.count == 46)
            let id = try #require(created.json["id"] as? String)
            #expect(id.hasPrefix("tok_") && created.json["name"] as? String == "ci")
            #expect(created.json["scopes"] as? [String] == ["read", "write"])
            #expect(created.json["created_at"] is String && created.json["last_used_at"] is NSNull
                    && created.json["revoked_at"] is NSNull)

            let me = try await TestHTTP.send("GET", server.base + "/api/v1/me", bearer: secret)
            #expect(me.status == 200 && me.json["id"] as? String == id && me.json["name"] as? String == "ci")
            #expect(Set(me.json.keys) == ["id", "name", "scopes", "created_at"])

            let listed = try await TestHTTP.send("GET", server.base + "/api/v1/tokens", bearer: admin)
            let tokens = try #require(listed.json["tokens"] as? [[String: Any]])
            #expect(tokens.count == 5 && tokens.allSatisfy { $0["token"] == nil })
            let ci = try #require(tokens.first { $0["id"] as? String == id })
            #expect(ci["last_used_at"] is String, "its use was recorded")
            #expect(!listed.text.contains(secret) && !listed.text.contains(admin))

            #expect(try await TestHTTP.send("DELETE", server.base + "/api/v1/tokens/\(id)", bearer: admin).status == 204)
            #expect(try await TestHTTP.send("GET", server.base + "/api/v1/me", bearer: secret).status == 401)
            #expect(try await TestHTTP.send("DELETE", server.base + "/api/v1/tokens/\(id)", bearer: admin).status == 204,
                    "revoking again is no error")
            let unknown = try await TestHTTP.send("DELETE", server.base + "/api/v1/tokens/tok_nope", bearer: admin)
            #expect(unknown.status == 404 && unknown.errorCode == "not_found")
        }
    }

    @Test(arguments: [
        #"{"name": "ci", "scopes": []}"#, #"{"name": "ci", "scopes": ["agent"]}"#, #"{"name": "ci", "scopes": ["root"]}"#,
        #"{"name": "", "scopes": ["read"]}"#, #"{"name": "a b", "scopes": ["read"]}"#, #"{"scopes": ["read"]}"#,
        #"{"name": "ci"}"#, #"not json"#, #"{"name": 1, "scopes": ["read"]}"#,
    ])
    func badTokenRequestsAre400s(_ body: String) async throws {
        try await AccessHarness.run { server in
            let answer = try await TestHTTP.send("POST", server.base + "/api/v1/tokens", bearer: try server.token(.admin),
                                                 json: body)
            #expect(answer.status == 400 && answer.errorCode == "invalid_body", "\(body): \(answer.text)")
            #expect(try await server.store.tokens().count == 4, "nothing kept")
        }
    }

    /// Token secrets, session ids and CSRF tokens never reach the log, whatever the server logs about requests.
    @Test func noSecretIsLogged() async throws {
        try await AccessHarness.run { server in
            let admin = try server.token(.admin)
            let created = try await TestHTTP.send("POST", server.base + "/api/v1/tokens", bearer: admin,
                                                  json: #"{"name": "ci", "scopes": ["read"]}"#)
            let secret = try #require(created.json["token"] as? String)
            _ = try await TestHTTP.send("GET", server.base + "/api/v1/monitors", bearer: secret)
            let (cookie, csrf) = try await server.signIn(secret)
            _ = try await TestHTTP.send("POST", server.base + "/api/v1/incidents/inc_x/ack", cookie: cookie,
                                        form: [("csrf_token", csrf)])
            _ = try await TestHTTP.send("POST", server.base + "/login", form: [("token", server.revoked)])
            _ = try await TestHTTP.send("GET", server.base + "/api/v1/me", bearer: server.revoked)
            _ = try await TestHTTP.send("POST", server.base + "/logout", cookie: cookie, form: [("csrf_token", csrf)])
            let logs = server.logs.text
            #expect(logs.contains("API token created") && logs.contains("signed in"), "the log was recorded")
            let sessionID = String(cookie.dropFirst("tm_session=".count))
            for (what, value) in [("admin token", admin), ("new token", secret), ("revoked token", server.revoked),
                                  ("session id", sessionID), ("CSRF token", csrf)] {
                #expect(!logs.contains(value), "the \(what) is in the log")
                #expect(!logs.contains(String(value.dropFirst(3))), "the \(what)'s secret part is in the log")
            }
        }
    }
}
