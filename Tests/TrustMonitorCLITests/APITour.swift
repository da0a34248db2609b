import Foundation
import Testing
@testable import TrustMonitorTestSupport

/// Walks every operation of the API once or more, on its happy path and its refusals, as a client would; each
/// answer is kept by the recorder for the OpenAPI check, and the walk asserts what a user would rely on.
struct APITour {
    let api: APIRecorder

    func run() async throws {
        try await health()
        let monitorID = try await monitors()
        try await incidents()
        try await maintenance()
        try await tokens()
        try await probesAndAgent()
        try await ledgerAndBadges()
        _ = monitorID
    }

    private func health() async throws {
        #expect(try await api.call("GET", "/healthz", token: "").status == 200)
        #expect(try await api.call("GET", "/api/v1/openapi.json", token: "").status == 200)
        #expect(try await api.call("GET", "/status", token: "").status == 200)
        #expect(try await api.call("GET", "/metrics").status == 200)
        #expect(try await api.call("GET", "/metrics", token: "").status == 401)
        let me = try await api.call("GET", "/api/v1/me")
        #expect(me.status == 200 && me.json["name"] as? String == "admin")
        #expect(try await api.call("GET", "/api/v1/me", token: "tm_nope").status == 401)
    }

    /// Returns the id of the monitor it created.
    private func monitors() async throws -> String {
        let list = try await api.call("GET", "/api/v1/monitors")
        let names = (list.json["monitors"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["broken", "steady"])
        #expect(try await api.call("GET", "/api/v1/monitors/steady").status == 200)
        #expect(try await api.call("GET", "/api/v1/monitors/mon_nope").status == 404)
        let definition: [String: any Sendable] = [
            "name": "made-by-api", "url": api.base + "/healthz", "interval": "2s", "timeout": "1s",
            "conditions": ["[STATUS] == 200"], "headers": ["X-Secret": "hunter2"],
        ]
        let created = try await api.call("POST", "/api/v1/monitors", json: definition)
        #expect(created.status == 201, "\(String(decoding: created.body, as: UTF8.self))")
        #expect(!String(decoding: created.body, as: UTF8.self).contains("hunter2"), "header values are redacted")
        let id = try #require(created.json["id"] as? String)
        #expect(try await api.call("POST", "/api/v1/monitors", json: definition).status == 409)
        let invalid = try await api.call("POST", "/api/v1/monitors", json: ["name": "x", "url": "htp://x"])
        #expect(invalid.status == 400 && invalid.errorCode == "invalid_monitor")
        #expect(try await api.call("POST", "/api/v1/monitors", rawJSON: "[1,").status == 400)
        #expect(try await api.call("POST", "/api/v1/monitors", form: [("name", "x")]).status == 415)
        var changed = definition
        changed["interval"] = "3s"
        #expect(try await api.call("PUT", "/api/v1/monitors/\(id)", json: changed).status == 200)
        #expect(try await api.call("PUT", "/api/v1/monitors/\(id)", json: ["name": "made-by-api"]).status == 400)
        #expect(try await api.call("PUT", "/api/v1/monitors/steady", json: changed).status == 409)
        #expect(try await api.call("PUT", "/api/v1/monitors/mon_nope", json: changed).status == 404)
        #expect(try await api.call("POST", "/api/v1/monitors/\(id)/pause").status == 200)
        #expect(try await api.call("POST", "/api/v1/monitors/\(id)/resume").status == 200)
        #expect(try await api.call("POST", "/api/v1/monitors/steady/pause").status == 409)
        #expect(try await api.call("POST", "/api/v1/monitors/mon_nope/resume").status == 404)
        #expect(try await api.call("GET", "/api/v1/monitors/steady/results?limit=5").status == 200)
        #expect(try await api.call("GET", "/api/v1/monitors/steady/results?since=yesterday").status == 400)
        let degradations = try await api.call("GET", "/api/v1/monitors/steady/degradations?from=2026-01-01T00:00:00Z")
        #expect(degradations.status == 200 && degradations.json["degradations"] is [Any])
        #expect(try await api.call("GET", "/api/v1/monitors/steady/degradations?from=2030-01-01T00:00:00Z&to=2029-01-01T00:00:00Z").status == 400)
        #expect(try await api.call("GET", "/api/v1/monitors/mon_nope/degradations").status == 404)
        #expect(try await api.call("DELETE", "/api/v1/monitors/steady").status == 409)
        #expect(try await api.call("DELETE", "/api/v1/monitors/\(id)").status == 204)
        #expect(try await api.call("DELETE", "/api/v1/monitors/\(id)").status == 404)
        let readOnly = try await api.call("POST", "/api/v1/tokens", json: ["name": "reader", "scopes": ["read"]])
        let reader = try #require(readOnly.json["token"] as? String)
        #expect(try await api.call("POST", "/api/v1/monitors", json: definition, token: reader).status == 403)
        return id
    }

    private func incidents() async throws {
        // `broken` answers 503: an incident opens once a re-check confirms it.
        var incidentID: String?
        let opened = await eventually(within: .seconds(60), pollEvery: .milliseconds(250)) {
            let list = try await api.call("GET", "/api/v1/incidents?state=open")
            incidentID = (list.json["incidents"] as? [[String: Any]])?.first?["id"] as? String
            return incidentID != nil
        }
        try #require(opened, "an incident opened for the failing monitor")
        let id = try #require(incidentID)
        #expect(try await api.call("GET", "/api/v1/incidents?state=bogus").status == 400)
        #expect(try await api.call("GET", "/api/v1/incidents/\(id)").status == 200)
        #expect(try await api.call("GET", "/api/v1/incidents/inc_nope").status == 404)
        let bundled = await eventually(within: .seconds(30), pollEvery: .milliseconds(250)) {
            try await api.call("GET", "/api/v1/incidents/\(id)/bundle").status == 200
        }
        #expect(bundled, "the incident's bundle is served once a checkpoint covers it")
        #expect(try await api.call("GET", "/api/v1/incidents/inc_nope/bundle").status == 404)
        #expect(try await api.call("GET", "/status/incidents/\(id)/bundle", token: "").status == 200)
        #expect(try await api.call("GET", "/status/incidents/inc_nope/bundle", token: "").status == 404)
        #expect(try await api.call("POST", "/api/v1/incidents/\(id)/ack", json: [:]).status == 200)
        #expect(try await api.call("POST", "/api/v1/incidents/inc_nope/ack", json: [:]).status == 404)
        #expect(try await api.call("POST", "/api/v1/incidents/\(id)/comments", json: ["text": "looking"]).status == 201)
        #expect(try await api.call("POST", "/api/v1/incidents/\(id)/comments", json: ["text": ""]).status == 400)
        let comments = try await api.call("GET", "/api/v1/incidents/\(id)/comments")
        #expect((comments.json["comments"] as? [[String: Any]])?.first?["by"] as? String == "admin")
        #expect(try await api.call("GET", "/api/v1/incidents/inc_nope/comments").status == 404)
        #expect(try await api.call("GET", "/api/v1/suppressed?limit=10").status == 200)
        #expect(try await api.call("GET", "/api/v1/suppressed?limit=0").status == 400)
        let delivered = await eventually(within: .seconds(30), pollEvery: .milliseconds(250)) {
            let alerts = try await api.call("GET", "/api/v1/alerts?incident=\(id)")
            return (alerts.json["alerts"] as? [[String: Any]])?.contains { $0["state"] as? String == "delivered" } == true
        }
        #expect(delivered, "the opening alert reached the webhook")
        #expect(try await api.call("GET", "/api/v1/alerts?state=nope").status == 400)
        let channels = try await api.call("GET", "/api/v1/alert-channels")
        #expect((channels.json["channels"] as? [[String: Any]])?.first?["name"] as? String == "hook")
        let test = try await api.call("POST", "/api/v1/alert-channels/hook/test")
        #expect(test.status == 200 && test.json["delivered"] as? Bool == true)
        #expect(try await api.call("POST", "/api/v1/alert-channels/nope/test").status == 404)
    }

    private func maintenance() async throws {
        let window: [String: any Sendable] = [
            "name": "db-move", "monitors": ["steady"], "start": "2030-01-01T00:00:00Z", "duration": "1h",
        ]
        let created = try await api.call("POST", "/api/v1/maintenance", json: window)
        #expect(created.status == 201, "\(String(decoding: created.body, as: UTF8.self))")
        let id = try #require(created.json["id"] as? String)
        #expect(try await api.call("POST", "/api/v1/maintenance", json: ["name": "bad", "start": "soon", "duration": "1h"]).status == 400)
        #expect(try await api.call("GET", "/api/v1/maintenance").status == 200)
        #expect(try await api.call("DELETE", "/api/v1/maintenance/\(id)").status == 204)
        #expect(try await api.call("DELETE", "/api/v1/maintenance/\(id)").status == 404)
    }

    private func tokens() async throws {
        let created = try await api.call("POST", "/api/v1/tokens", json: ["name": "ci", "scopes": ["write"]])
        #expect(created.status == 201)
        let id = try #require(created.json["id"] as? String), secret = try #require(created.json["token"] as? String)
        #expect(try await api.call("GET", "/api/v1/me", token: secret).status == 200)
        #expect(try await api.call("GET", "/api/v1/tokens", token: secret).status == 403)
        let listed = try await api.call("GET", "/api/v1/tokens")
        #expect(!String(decoding: listed.body, as: UTF8.self).contains(secret), "a secret is never listed")
        #expect(try await api.call("POST", "/api/v1/tokens", json: ["name": "x", "scopes": ["root"]]).status == 400)
        #expect(try await api.call("DELETE", "/api/v1/tokens/\(id)").status == 204)
        #expect(try await api.call("GET", "/api/v1/me", token: secret).status == 401)
        #expect(try await api.call("DELETE", "/api/v1/tokens/tok_nope").status == 404)
    }

    private func probesAndAgent() async throws {
        let created = try await api.call("POST", "/api/v1/probes", json: ["name": "eu-1", "region": "eu"])
        #expect(created.status == 201)
        let agent = try #require(created.json["token"] as? String)
        let probe = try #require((created.json["probe"] as? [String: Any])?["id"] as? String)
        #expect(try await api.call("POST", "/api/v1/probes", json: ["name": "eu-1", "region": "eu"]).status == 409)
        #expect(try await api.call("POST", "/api/v1/probes", json: ["name": "no spaces", "region": "eu"]).status == 400)
        #expect(try await api.call("GET", "/api/v1/probes").status == 200)
        // The agent's own routes take its token, and refuse an API token.
        #expect(try await api.call("POST", "/api/v1/agent/register", json: ["region": "eu", "key": "nope"], token: agent).status == 400)
        #expect(try await api.call("POST", "/api/v1/agent/register", json: ["region": "eu", "key": "nope"]).status == 401)
        let heartbeat: [String: any Sendable] = ["canary_ok": true, "canary_target": "http://127.0.0.1/"]
        let beat = try await api.call("POST", "/api/v1/agent/heartbeat", json: heartbeat, token: agent)
        #expect([200, 409].contains(beat.status))
        let lease = try await api.call("POST", "/api/v1/agent/lease", json: ["max": 1, "wait_ms": 0], token: agent)
        #expect([200, 409].contains(lease.status))
        let results = try await api.call("POST", "/api/v1/agent/results", json: ["results": [String]()], token: agent)
        #expect([200, 409].contains(results.status))
        let witness = try await api.call("POST", "/api/v1/agent/witness", json: ["size": 0, "wait_ms": 0], token: agent)
        #expect([200, 204, 409].contains(witness.status))
        let cosign = try await api.call("POST", "/api/v1/agent/cosign", json: ["size": 1, "status": 200, "body": "x"],
                                        token: agent)
        #expect([400, 409].contains(cosign.status))
        #expect(try await api.call("DELETE", "/api/v1/probes/\(probe)").status == 204)
        #expect(try await api.call("POST", "/api/v1/agent/heartbeat", json: heartbeat, token: agent).status == 401)
        #expect(try await api.call("DELETE", "/api/v1/probes/prb_nope").status == 404)
    }

    private func ledgerAndBadges() async throws {
        let checkpoint = try await api.call("GET", "/ledger/checkpoint", token: "")
        #expect(checkpoint.status == 200)
        let lines = String(decoding: checkpoint.body, as: UTF8.self).split(separator: "\n")
        let size = lines.count > 1 ? Int(lines[1]) ?? 0 : 0
        #expect(size >= 1)
        #expect(try await api.call("GET", "/api/v1/ledger/proof?from=1&to=\(size)", token: "").status == 200)
        #expect(try await api.call("GET", "/api/v1/ledger/proof?from=x", token: "").status == 400)
        #expect(try await api.call("GET", "/ledger/tile/0/000.p/\(min(size, 255))", token: "").status == 200)
        #expect(try await api.call("GET", "/ledger/tile/9/999", token: "").status == 404)
        // SLA reports: from before the monitor existed to after now (cut at now, and said so).
        let sla = try await api.call("GET", "/api/v1/monitors/broken/sla?from=2020-01-01&to=2999-12-31")
        #expect(sla.status == 200 && sla.json["format"] as? String == "trustmonitor.sla-bundle/v1", "\(sla.status)")
        let page = try await api.call("GET", "/api/v1/monitors/steady/sla?from=2020-01-01&to=2999-12-31&format=html")
        #expect(page.status == 200 && String(decoding: page.body, as: UTF8.self).contains("SLA report: steady"))
        #expect(try await api.call("GET", "/api/v1/monitors/steady/sla?from=2020-01-01").status == 400)
        #expect(try await api.call("GET", "/api/v1/monitors/mon_nope/sla?from=2020-01-01&to=2020-01-02").status == 404)
        for path in ["status.svg", "uptime/24h.svg", "uptime/7d.svg", "response-time.svg"] {
            #expect(try await api.call("GET", "/badge/steady/\(path)", token: "").status == 200)
        }
        #expect(try await api.call("GET", "/badge/nope/status.svg", token: "").status == 404)
    }
}
