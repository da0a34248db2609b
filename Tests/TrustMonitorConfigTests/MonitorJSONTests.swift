import Testing
import TrustMonitorConfig
import TrustMonitorCore

/// Monitors and maintenance windows sent to the API as JSON: read by the file's rules, with the file's messages,
/// their paths relative to the body.
@Suite struct MonitorJSONTests {
    static let channels = "alerts:\n  - {name: oncall, type: webhook, url: 'http://hooks.example/x'}\n"

    /// `(body, [(path, message)])`: every problem, exactly as the API lists it.
    static let badMonitors: [(String, [(String, String)])] = [
        (#"{"url": "http://a.example/"}"#, [("name", "missing required key 'name'")]),
        (#"{"name": "a b", "url": "http://a.example/"}"#,
         [("name", "invalid name 'a b': use only letters, digits, '.', '_' and '-' (names appear in URLs and metric labels)")]),
        (#"{"name": "m"}"#, [("url", "missing required key 'url'")]),
        (#"{"name": "m", "url": "htp://x"}"#, [("url", "invalid URL 'htp://x': unsupported scheme 'htp' (use http, https or tcp)")]),
        (#"{"name": "m", "url": "http://a.example/", "intervall": "30s"}"#,
         [("intervall", "unknown key 'intervall' (did you mean 'interval'?)")]),
        (#"{"name": "m", "url": "http://a.example/", "conditions": ["[STATUS] == 200", "[STAUS] == 200"]}"#,
         [("conditions[1]", "invalid condition '[STAUS] == 200' at character 1: unknown placeholder [STAUS]")]),
        (#"{"name": "m", "url": "http://a.example/", "interval": "1s", "timeout": "5s"}"#,
         [("interval", "interval 1s is shorter than timeout 5s: a check could still be running when the next is due")]),
        (#"{"name": "m", "url": "http://a.example/", "interval": 30}"#,
         [("interval", "invalid duration '30': missing unit (use ms, s, m, h or d)")]),
        (#"{"name": "m", "url": "http://a.example/", "alerts": ["pager"]}"#,
         [("alerts[0]", "unknown alert channel 'pager' (defined: oncall)")]),
        (#"{"name": "m", "url": "http://a.example/", "headers": {"X-A": "a\r\nb"}}"#,
         [("headers.X-A", "header 'X-A' value contains a line break")]),
        (#"{"name": "m", "url": "http://a.example/", "tags": "db"}"#, [("tags", "expected a list, found 'db'")]),
        (#"{"name": "", "url": "nope", "paused": "maybe"}"#, [
            ("name", "name must not be empty"),
            ("url", "invalid URL 'nope': missing scheme (use http://, https:// or tcp://)"),
            ("paused", "expected true or false, found 'maybe'"),
        ]),
    ]

    static func problems(_ errors: ConfigErrors) -> [String] {
        errors.problems.map { "\($0.path): \($0.message)" }
    }

    @Test(arguments: badMonitors)
    func aBadMonitorHasTheFilesMessages(body: String, expected: [(String, String)]) throws {
        let errors = try #require(throws: ConfigErrors.self) {
            try MonitorConfig.parse(json: body, knownChannels: ["oncall"])
        }
        #expect(Self.problems(errors) == expected.map { "\($0.0): \($0.1)" })

        // The same item in a file: the same messages, under `monitors[0].`.
        let file = try #require(throws: ConfigErrors.self) {
            try Configuration.parse(yaml: Self.channels + "monitors:\n  - \(body)\n", file: "t.yaml", environment: [:])
        }
        let fromFile = file.problems.map { problem in
            let path = problem.path.hasPrefix("monitors[0].") ? String(problem.path.dropFirst(12)) : problem.path
            return "\(path): \(problem.message)"
        }
        #expect(Self.problems(errors) == fromFile)
    }

    @Test func aValidMonitorIsReadWhole() throws {
        let body = #"""
            {"name": "api", "url": "https://api.example.com/health", "interval": "30s", "timeout": "5s",
             "headers": {"Authorization": "Bearer s3cret"}, "conditions": ["[STATUS] == 200"],
             "alerts": ["oncall"], "tags": ["edge"], "paused": true, "retry": {"attempts": 3}}
            """#
        let monitor = try MonitorConfig.parse(json: body, knownChannels: ["oncall"])
        #expect(monitor.name == "api")
        #expect(monitor.request.target.description == "https://api.example.com/health")
        #expect(monitor.interval == .seconds(30))
        #expect(monitor.request.timeout == .seconds(5))
        #expect(monitor.request.headers.map(\.name) == ["Authorization"])
        #expect(monitor.request.conditions.count == 1)
        #expect(monitor.alerts == ["oncall"])
        #expect(monitor.tags == ["edge"])
        #expect(monitor.paused)
        #expect(monitor.request.retry.attempts == 3)
        let written = try #require(monitor.written)
        #expect(written["interval"] == .string("30s"))
        #expect(written["paused"] == .bool(true))
        #expect(written["retry"] == .mapping(["attempts": .number("3")]))
        #expect(written.redactingHeaders()["headers"] == .mapping(["Authorization": ConfigValue.redacted]))
    }

    /// `${VAR}` in a body is text: an API caller must not read the server's environment into a URL it controls.
    @Test func environmentReferencesAreNotExpanded() throws {
        let monitor = try MonitorConfig.parse(
            json: #"{"name": "m", "url": "http://a.example/?k=${HOME}", "body": "$${X}"}"#, knownChannels: nil)
        #expect(monitor.request.target.description.contains("${HOME}"))
        #expect(monitor.request.body == Array("$${X}".utf8))
    }

    /// A file path on the server is the configuration's alone: even a readable one is refused, so the answer says
    /// nothing about the server's disk.
    @Test(arguments: ["/etc/hostname", "/nonexistent/ca.pem"])
    func caFileIsRefusedThroughTheAPI(path: String) throws {
        #expect {
            try MonitorConfig.parse(json: #"{"name": "m", "url": "https://a.example/", "ca_file": "\#(path)"}"#,
                                    knownChannels: nil)
        } throws: { error in
            let problems = (error as? ConfigErrors)?.problems ?? []
            return problems.map(\.path) == ["ca_file"] && problems[0].message.hasPrefix("ca_file is not accepted through the API")
        }
    }

    /// What JSON allows and YAML might read otherwise: tab indentation, `\/` and `\u` escapes, no spaces.
    @Test func anyJSONSpellingReads() throws {
        let body = "{\n\t\"name\":\"caf\\u00e9-api\",\n\t\"url\":\"http:\\/\\/a.example\\/x\",\"tags\":[],\"paused\":false}"
        let errors = #expect(throws: ConfigErrors.self) { try MonitorConfig.parse(json: body, knownChannels: nil) }
        #expect(errors?.problems.map(\.message) == [
            "invalid name 'café-api': use only letters, digits, '.', '_' and '-' (names appear in URLs and metric labels)",
        ])
        let monitor = try MonitorConfig.parse(json: body.replacingOccurrences(of: "caf\\u00e9", with: "cafe"),
                                              knownChannels: nil)
        #expect(monitor.name == "cafe-api" && monitor.request.target.description == "http://a.example/x")
    }

    /// Nil channels: a stored monitor read back after its channel left the file still reads.
    @Test func channelsAreCheckedOnlyWhenGiven() throws {
        let body = #"{"name": "m", "url": "http://a.example/", "alerts": ["gone"]}"#
        #expect(try MonitorConfig.parse(json: body, knownChannels: nil).alerts == ["gone"])
        #expect(throws: ConfigErrors.self) { try MonitorConfig.parse(json: body, knownChannels: []) }
    }

    @Test func aFileMonitorKeepsWhatItsAuthorWrote() throws {
        let yaml = """
            x-defaults: &defaults {interval: 30s, headers: {X-Key: "${KEY}"}}
            monitors:
              - {<<: *defaults, name: m, url: http://a.example/, interval: 45s}
            """
        let configuration = try Configuration.parse(yaml: yaml, file: "t.yaml", environment: ["KEY": "secret"])
        let written = try #require(configuration.monitors.first?.written)
        #expect(written == .mapping([
            "name": .string("m"), "url": .string("http://a.example/"), "interval": .string("45s"),
            "headers": .mapping(["X-Key": .string("${KEY}")]),
        ]))
        #expect(configuration.monitors.first?.request.headers.first?.value == "secret")
    }

    static let badWindows: [(String, [(String, String)])] = [
        (#"{"name": "w", "duration": "1h"}"#, [("start", "missing required key 'start'")]),
        (#"{"name": "w", "start": "tomorrow", "duration": "1h"}"#,
         [("start", "expected an RFC 3339 time such as 2026-12-01T02:00:00Z, found 'tomorrow'")]),
        (#"{"name": "w", "start": "2026-12-01T02:00:00Z", "duration": "2h", "every": "1h"}"#,
         [("duration", "duration 2h is longer than every 1h: occurrences would overlap")]),
        (#"{"name": "w", "start": "2026-12-01T02:00:00Z", "duration": "1h", "monitors": ["nope"]}"#,
         [("monitors[0]", "unknown monitor 'nope' (defined: api)")]),
    ]

    @Test(arguments: badWindows)
    func aBadWindowHasTheFilesMessages(body: String, expected: [(String, String)]) throws {
        let errors = try #require(throws: ConfigErrors.self) {
            try MaintenanceWindow.parse(json: body, knownMonitors: ["api"])
        }
        #expect(Self.problems(errors) == expected.map { "\($0.0): \($0.1)" })
        let yaml = "monitors:\n  - {name: api, url: 'http://a.example/'}\nmaintenance:\n  - \(body)\n"
        let file = try #require(throws: ConfigErrors.self) {
            try Configuration.parse(yaml: yaml, file: "t.yaml", environment: [:])
        }
        #expect(file.problems.map { "\($0.path.replacingOccurrences(of: "maintenance[0].", with: "")): \($0.message)" }
            == Self.problems(errors))
    }

    @Test func aValidWindowIsRead() throws {
        let window = try MaintenanceWindow.parse(
            json: #"{"name": "deploy", "start": "2026-12-01T02:00:00Z", "duration": "30m", "every": "24h", "tags": ["db"]}"#,
            knownMonitors: [])
        #expect(window == MaintenanceWindow(name: "deploy", start: try #require(RFC3339.parse("2026-12-01T02:00:00Z")),
                                            duration: .seconds(1800), every: .seconds(86_400), tags: ["db"]))
    }
}
