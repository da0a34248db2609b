import Foundation
import Testing
import TrustMonitorStore

/// Monitors through the API over a real socket and a real SQLite file: round trips, the file's validation with its
/// messages, ownership, and nothing stored by a refused request.
@Suite struct MonitorAdminTests {
    static let body = #"""
        {"name": "checkout", "url": "https://shop.example/health", "interval": "30s", "timeout": "5s",
         "headers": {"Authorization": "Bearer api-secret"}, "conditions": ["[STATUS] == 200"], "alerts": ["oncall"]}
        """#

    @Test func monitorsAreCreatedReadReplacedPausedAndDeleted() async throws {
        try await MonitorAdminHarness.with { api in
            let created = try await api.send("POST", "/monitors", Self.body)
            #expect(created.status == 201)
            let id = try #require(created.json["id"] as? String)
            #expect(created.json["name"] as? String == "checkout")
            #expect(created.json["source"] as? String == "api")
            #expect(created.json["read_only"] as? Bool == false)
            #expect(created.json["paused"] as? Bool == false)
            #expect(created.json["interval_ms"] as? Int == 30_000)
            let definition = try #require(created.json["definition"] as? [String: Any])
            #expect((definition["headers"] as? [String: String]) == ["Authorization": "[redacted]"])
            #expect(definition["url"] as? String == "https://shop.example/health")
            #expect(!String(describing: created.json).contains("api-secret"))

            // By id and by name; the list shows owners.
            #expect(try await api.send("GET", "/monitors/\(id)").json["name"] as? String == "checkout")
            #expect(try await api.send("GET", "/monitors/checkout").json["id"] as? String == id)
            let list = try #require(try await api.send("GET", "/monitors").json["monitors"] as? [[String: Any]])
            let owners = Dictionary(uniqueKeysWithValues: list.map { ($0["name"] as? String ?? "", $0["source"] as? String) })
            #expect(owners == ["checkout": "api", "web": "config"])
            #expect(list.first { $0["name"] as? String == "web" }?["read_only"] as? Bool == true)
            #expect(list.allSatisfy { $0["definition"] == nil }, "lists leave definitions out")

            let replaced = try await api.send("PUT", "/monitors/checkout", Self.body.replacingOccurrences(of: "30s", with: "45s"))
            #expect(replaced.status == 200 && replaced.json["interval_ms"] as? Int == 45_000)
            #expect(replaced.json["id"] as? String == id)

            let paused = try await api.send("POST", "/monitors/\(id)/pause")
            #expect(paused.status == 200 && paused.json["paused"] as? Bool == true)
            #expect(((paused.json["definition"] as? [String: Any])?["paused"] as? Bool) == true)
            #expect(await api.engine.definition(id)?.paused == true, "applied at once on the active replica")
            // A replacement that does not say `paused` keeps the monitor paused.
            #expect(try await api.send("PUT", "/monitors/\(id)", Self.body).json["paused"] as? Bool == true)
            let resumed = try await api.send("POST", "/monitors/checkout/resume")
            #expect(resumed.status == 200 && resumed.json["paused"] as? Bool == false)
            #expect(await api.engine.definition(id)?.paused == false)

            #expect(try await api.send("DELETE", "/monitors/\(id)").status == 204)
            #expect(await api.engine.definition(id) == nil)
            let gone = try await api.send("GET", "/monitors/\(id)")
            #expect(gone.status == 200 && gone.json["retired"] as? Bool == true, "history kept")
            let after = try #require(try await api.send("GET", "/monitors").json["monitors"] as? [[String: Any]])
            #expect(after.map { $0["name"] as? String } == ["web"])
            for (method, path) in [("PUT", "/monitors/\(id)"), ("DELETE", "/monitors/\(id)"), ("POST", "/monitors/\(id)/pause")] {
                let answer = try await api.send(method, path, method == "PUT" ? Self.body : nil)
                #expect(answer.status == 404 && MonitorAdminHarness.error(answer.json).code == "not_found", "\(method) \(path)")
            }
            // The name is free again: created anew, it takes the retired monitor's history back.
            #expect(try await api.send("POST", "/monitors", Self.body).json["id"] as? String == id)
        }
    }

    /// `(body, [(path, message)])`: what the API lists, the config file's own messages (`MonitorJSONTests` shows
    /// they are the file's).
    static let invalid: [(String, [(String, String)])] = [
        (#"{"url": "http://a.example/"}"#, [("name", "missing required key 'name'")]),
        (#"{"name": "m", "url": "htp://x"}"#, [("url", "invalid URL 'htp://x': unsupported scheme 'htp' (use http, https or tcp)")]),
        (#"{"name": "m", "url": "http://a.example/", "intervall": "30s"}"#,
         [("intervall", "unknown key 'intervall' (did you mean 'interval'?)")]),
        (#"{"name": "m", "url": "http://a.example/", "conditions": ["[STATUS] == 200", "[STAUS] == 200"]}"#,
         [("conditions[1]", "invalid condition '[STAUS] == 200' at character 1: unknown placeholder [STAUS]")]),
        (#"{"name": "m", "url": "http://a.example/", "interval": "1s", "timeout": "5s"}"#,
         [("interval", "interval 1s is shorter than timeout 5s: a check could still be running when the next is due")]),
        (#"{"name": "m", "url": "http://a.example/", "alerts": ["pager"]}"#,
         [("alerts[0]", "unknown alert channel 'pager' (defined: oncall)")]),
        (#"{"name": "", "url": "nope", "paused": "maybe"}"#, [
            ("name", "name must not be empty"),
            ("url", "invalid URL 'nope': missing scheme (use http://, https:// or tcp://)"),
            ("paused", "expected true or false, found 'maybe'"),
        ]),
    ]

    @Test(arguments: invalid)
    func anInvalidMonitorListsEveryProblemAndStoresNothing(body: String, expected: [(String, String)]) async throws {
        try await MonitorAdminHarness.with { api in
            let before = try await api.snapshot()
            for (method, path) in [("POST", "/monitors"), ("PUT", "/monitors/web")] {
                let answer = try await api.send(method, path, body)
                if method == "PUT" {
                    // The file's monitor is read only whatever the body says.
                    #expect(answer.status == 409)
                    continue
                }
                #expect(answer.status == 400)
                let error = try #require(answer.json["error"] as? [String: Any])
                #expect(error["code"] as? String == "invalid_monitor")
                let problems = try #require(error["problems"] as? [[String: String]])
                #expect(problems.map { "\($0["path"] ?? ""): \($0["message"] ?? "")" }
                    == expected.map { "\($0.0): \($0.1)" })
                #expect((error["message"] as? String)?.contains(expected[0].1) == true)
            }
            #expect(try await api.snapshot() == before)
        }
    }

    @Test func bodiesThatAreNotOneJSONObjectAreRefused() async throws {
        try await MonitorAdminHarness.with { api in
            let before = try await api.snapshot()
            let cases: [(String, String?, Int, String)] = [
                (Self.body, "text/yaml", 415, "unsupported_media_type"),
                (Self.body, nil, 415, "unsupported_media_type"),
                ("name: m\nurl: http://a.example/\n", "application/json", 400, "invalid_body"),
                ("[1, 2]", "application/json", 400, "invalid_body"),
                ("\"text\"", "application/json", 400, "invalid_body"),
                ("{\"name\": ", "application/json", 400, "invalid_body"),
                ("", "application/json", 400, "invalid_body"),
                (#"{"name": "m", "body": "\#(String(repeating: "x", count: 70_000))"}"#, "application/json", 413,
                 "body_too_large"),
            ]
            for (body, type, status, code) in cases {
                let answer = try await api.send("POST", "/monitors", body, contentType: type)
                #expect(answer.status == status && MonitorAdminHarness.error(answer.json).code == code,
                        "\(type ?? "no type"): \(body.prefix(30)) -> \(answer.status) \(answer.json)")
            }
            // A charset parameter is fine.
            let withCharset = try await api.send("POST", "/monitors", Self.body, contentType: "application/json; charset=utf-8")
            #expect(withCharset.status == 201)
            #expect(try await api.snapshot() != before)
        }
    }

    @Test func theFilesMonitorsAreReadOnlyAndNamesAreUnique() async throws {
        try await MonitorAdminHarness.with { api in
            _ = try await api.send("POST", "/monitors", Self.body)
            let before = try await api.snapshot()
            for (method, path) in [("PUT", "/monitors/web"), ("DELETE", "/monitors/web"), ("POST", "/monitors/web/pause"),
                                   ("POST", "/monitors/web/resume")] {
                let answer = try await api.send(method, path, method == "PUT" ? Self.body : nil)
                let error = MonitorAdminHarness.error(answer.json)
                #expect(answer.status == 409 && error.code == "config_owned", "\(method) \(path)")
                #expect(error.message == "monitor 'web' is defined in the configuration file; change it there and reload")
            }
            let taken = [
                Self.body,
                Self.body.replacingOccurrences(of: "\"checkout\"", with: "\"web\""),
            ]
            for body in taken {
                let answer = try await api.send("POST", "/monitors", body)
                #expect(answer.status == 409 && MonitorAdminHarness.error(answer.json).code == "name_taken")
            }
            _ = try await api.send("POST", "/monitors", Self.body.replacingOccurrences(of: "checkout", with: "cart"))
            let snapshot = try await api.snapshot()
            let renamed = try await api.send("PUT", "/monitors/cart", Self.body)
            #expect(renamed.status == 409 && MonitorAdminHarness.error(renamed.json).code == "name_taken")
            #expect(try await api.snapshot() == snapshot)
            #expect(snapshot != before)
            let unknown = try await api.send("POST", "/monitors/nope/pause")
            #expect(unknown.status == 404)
        }
    }

    @Test func aFileMonitorShowsItsDefinitionAsWrittenWithoutSecrets() async throws {
        try await MonitorAdminHarness.with { api in
            let web = try await api.send("GET", "/monitors/web")
            let definition = try #require(web.json["definition"] as? [String: Any])
            #expect(definition["url"] as? String == "http://127.0.0.1:1/")
            #expect((definition["headers"] as? [String: String]) == ["X-Key": "[redacted]"])
            #expect(web.json["read_only"] as? Bool == true && web.json["source"] as? String == "config")
        }
    }
}
