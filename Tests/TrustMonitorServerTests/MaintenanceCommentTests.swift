import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorStore
@testable import TrustMonitorTestSupport

/// Maintenance windows, incident comments and alert channels through the API.
@Suite struct MaintenanceCommentTests {
    @Test func windowsOfTheFileAndTheAPIAreListedAndOnlyTheAPIsDeleted() async throws {
        try await MonitorAdminHarness.with { api in
            let body = #"{"name": "db-move", "start": "2026-12-05T10:00:00Z", "duration": "3h", "tags": ["db"]}"#
            let created = try await api.send("POST", "/maintenance", body)
            #expect(created.status == 201)
            let id = try #require(created.json["id"] as? String)
            #expect(created.json["source"] as? String == "api")
            #expect(created.json["created_by"] as? String == MonitorAdminHarness.tokenName)
            #expect(created.json["ends_at"] as? String == "2026-12-05T13:00:00.000Z")
            #expect(created.json["duration"] as? String == "3h")
            #expect(await api.engine.alertSettings.maintenance.map(\.name) == ["nightly", "db-move"])

            let windows = try #require(try await api.send("GET", "/maintenance").json["windows"] as? [[String: Any]])
            #expect(windows.map { $0["id"] as? String } == ["cfg_nightly", id])
            let nightly = try #require(windows.first)
            #expect(nightly["source"] as? String == "config" && nightly["every"] as? String == "24h")
            #expect(nightly["monitors"] as? [String] == ["web"] && nightly["ends_at"] is NSNull)

            let refused = try await api.send("DELETE", "/maintenance/cfg_nightly")
            #expect(refused.status == 409 && MonitorAdminHarness.error(refused.json).code == "config_owned")
            #expect(try await api.send("DELETE", "/maintenance/\(id)").status == 204)
            #expect(try await api.send("DELETE", "/maintenance/\(id)").status == 404)
            #expect(await api.engine.alertSettings.maintenance.map(\.name) == ["nightly"])
        }
    }

    @Test func anInvalidWindowListsItsProblemsAndStoresNothing() async throws {
        try await MonitorAdminHarness.with { api in
            let before = try await api.snapshot()
            let answer = try await api.send("POST", "/maintenance", #"{"name": "w", "start": "soon", "monitors": ["nope"]}"#)
            #expect(answer.status == 400)
            let error = try #require(answer.json["error"] as? [String: Any])
            #expect(error["code"] as? String == "invalid_maintenance_window")
            let problems = try #require(error["problems"] as? [[String: String]])
            #expect(problems.map { "\($0["path"] ?? ""): \($0["message"] ?? "")" } == [
                "duration: missing required key 'duration'",
                "start: expected an RFC 3339 time such as 2026-12-01T02:00:00Z, found 'soon'",
                "monitors[0]: unknown monitor 'nope' (defined: web)",
            ])
            #expect(try await api.snapshot() == before)
        }
    }

    @Test func commentsAreKeptInOrderWithTheirAuthor() async throws {
        try await MonitorAdminHarness.with { api in
            let web = try #require(try await api.store.monitor(name: "web"))
            let openedAt = Date()
            let failure = Failure(.http5xx, "HTTP 503")
            let observation = Observation(target: web.endpoint, method: "GET", startedAt: openedAt, finishedAt: openedAt,
                                          attempts: [Attempt(number: 1, startedAt: openedAt, url: web.endpoint,
                                                             status: 503, failure: failure)], retryStop: nil)
            let verdict = ProbeVerdict(probe: "local", role: .primary, independence: "scheduled check",
                                       observation: observation)
            let incident = try await api.store.openIncident(Incident(
                id: "inc_comments", monitor: web.id, monitorName: web.name, endpoint: web.endpoint, openedAt: openedAt,
                failure: failure, verifications: [verdict]))

            for text in ["  looking into it  ", "the upstream DNS; fixed"] {
                let answer = try await api.send("POST", "/incidents/\(incident.id)/comments",
                                                try String(decoding: JSONSerialization.data(withJSONObject: ["text": text]),
                                                           as: UTF8.self))
                #expect(answer.status == 201 && answer.json["by"] as? String == MonitorAdminHarness.tokenName)
                #expect((answer.json["id"] as? String)?.hasPrefix("cmt_") == true && answer.json["at"] is String)
            }
            let listed = try #require(try await api.send("GET", "/incidents/\(incident.id)/comments").json["comments"]
                as? [[String: Any]])
            #expect(listed.map { $0["text"] as? String } == ["looking into it", "the upstream DNS; fixed"])
            #expect(Set(listed.flatMap(\.keys)) == ["id", "by", "at", "text"])

            let before = try await api.store.incidentComments(incident: incident.id)
            for body in [#"{"text": ""}"#, #"{"text": "   "}"#, #"{}"#, #"{"text": 5}"#,
                         #"{"text": "\#(String(repeating: "x", count: 4001))"}"#] {
                let answer = try await api.send("POST", "/incidents/\(incident.id)/comments", body)
                #expect(answer.status == 400 && MonitorAdminHarness.error(answer.json).code == "invalid_body", "\(body.prefix(20))")
            }
            #expect(try await api.send("POST", "/incidents/\(incident.id)/comments",
                                       #"{"text": "\#(String(repeating: "x", count: 4000))"}"#).status == 201)
            #expect(try await api.store.incidentComments(incident: incident.id).count == before.count + 1)
            #expect(try await api.send("GET", "/incidents/inc_nope/comments").status == 404)
            #expect(try await api.send("POST", "/incidents/inc_nope/comments", #"{"text": "x"}"#).status == 404)
        }
    }

    @Test func channelsAreListedWithoutSecretsAndTestedForReal() async throws {
        let receiver = try await TestServer.start { _ in .ok() }
        let closed = try await TestServer.closedPort()
        let yaml = """
            alerts:
              - {name: hooks, type: webhook, url: '\(receiver.url("/hook/s3cret-path"))', secret: hmac-secret}
              - {name: gone, type: slack, url: 'http://127.0.0.1:\(closed)/services/T/B/s3cret'}
              - {name: mail, type: email, host: smtp.example.com, from: a@example.com, to: b@example.com, password: pw}
            """
        try await MonitorAdminHarness.with(yaml: yaml) { api in
            let listing = try await api.send("GET", "/alert-channels")
            let channels = try #require(listing.json["channels"] as? [[String: String]])
            #expect(channels == [
                ["name": "hooks", "type": "webhook", "target": "127.0.0.1"],
                ["name": "gone", "type": "slack", "target": "127.0.0.1"],
                ["name": "mail", "type": "email", "target": "smtp.example.com"],
            ])
            let delivered = try await api.send("POST", "/alert-channels/hooks/test")
            #expect(delivered.status == 200 && delivered.json["delivered"] as? Bool == true)
            #expect(delivered.json["reason"] == nil)
            #expect(receiver.receivedRequests.last?.uri == "/hook/s3cret-path")

            let failed = try await api.send("POST", "/alert-channels/gone/test")
            #expect(failed.status == 200 && failed.json["delivered"] as? Bool == false)
            let reason = try #require(failed.json["reason"] as? String)
            #expect(!reason.contains("s3cret"), "\(reason)")
            #expect(try await api.send("POST", "/alert-channels/nope/test").status == 404)
        }
        try await receiver.shutdown()
    }
}
