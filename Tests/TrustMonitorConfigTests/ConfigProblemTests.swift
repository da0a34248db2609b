import Testing
import TrustMonitorConfig

/// One invalid file per kind of problem: each names the key path, the line and what is wrong.
@Suite struct ConfigProblemTests {
    /// A valid monitor whose fourth line is `extra`.
    static func monitor(_ extra: String) -> String {
        "monitors:\n  - name: m\n    url: http://a.example/\n    \(extra)\n"
    }

    /// A valid monitor using alert channel `oncall`, then the `alerts` list with `channel` as its only item.
    static func channel(_ channel: String) -> String {
        "monitors:\n  - {name: m, url: http://a.example/, alerts: [oncall]}\nalerts:\n  - \(channel)\n"
    }

    static let cases: [(yaml: String, path: String, line: Int, fragment: String)] = [
        // The file and its structure
        ("monitors:\n  - name: m\n   url: x\n", "", 3, "invalid YAML"),
        ("server: {listen: a\n", "", 2, "invalid YAML"),
        ("monitors:\n  - name: m\n    name: n\n", "", 2, "duplicate key 'name'"),
        ("- a\n- b\n", "", 1, "expected a mapping (key: value), found a list"),
        ("server: 8080\n", "server", 1, "expected a mapping (key: value), found '8080'"),
        ("monitors:\n  - just-a-name\n", "monitors[0]", 2, "expected a mapping"),
        ("monitors:\n  -\n", "monitors[0]", 2, "expected a mapping (key: value), found no value"),
        ("monitors: {name: m}\n", "monitors", 1, "expected a list, found a mapping"),
        ("monitor:\n  - name: m\n", "monitor", 1, "unknown key 'monitor' (did you mean 'monitors'?)"),
        (monitor("intervall: 30s"), "monitors[0].intervall", 4, "unknown key 'intervall' (did you mean 'interval'?)"),
        (monitor("colour: red"), "monitors[0].colour", 4, "unknown key 'colour' (known keys: name, url,"),
        ("monitors:\n  - {<<: 5, name: m, url: http://a.example/}\n", "monitors[0]", 2, "'<<' merges a mapping"),
        // Monitors: required keys, names and types
        ("monitors:\n  - url: http://a.example/\n", "monitors[0].name", 2, "missing required key 'name'"),
        ("monitors:\n  - name: m\n", "monitors[0].url", 2, "missing required key 'url'"),
        ("monitors:\n  - name: m\n    url:\n", "monitors[0].url", 3, "required key 'url' has no value"),
        ("monitors:\n  - name: \"\"\n    url: http://a.example/\n", "monitors[0].name", 2, "name must not be empty"),
        ("monitors:\n  - name: api health\n    url: http://a.example/\n", "monitors[0].name", 2,
         "invalid name 'api health': use only letters, digits, '.', '_' and '-'"),
        ("monitors:\n  - name: m\n    url: [http://a, http://b]\n", "monitors[0].url", 3, "expected a string, found a list"),
        (monitor("conditions: \"[STATUS] == 200\""), "monitors[0].conditions", 4, "expected a list, found '[STATUS] == 200'"),
        (monitor("retry: {attempts: two}"), "monitors[0].retry.attempts", 4, "expected an integer, found 'two'"),
        (monitor("retry: {attempts: 1.5}"), "monitors[0].retry.attempts", 4, "expected an integer, found '1.5'"),
        (monitor("paused: yes"), "monitors[0].paused", 4, "expected true or false, found 'yes'"),
        // Monitors: the check
        ("monitors:\n  - name: m\n    url: htp://x\n", "monitors[0].url", 3,
         "invalid URL 'htp://x': unsupported scheme 'htp' (use http, https or tcp)"),
        (monitor("method: \"GET /\""), "monitors[0].method", 4, "invalid method 'GET /'"),
        (monitor("headers: {\"Bad Name\": x}"), "monitors[0].headers.Bad Name", 4, "invalid header name 'Bad Name'"),
        (monitor("headers: {X-A: \"a\\r\\nX-B: b\"}"), "monitors[0].headers.X-A", 4, "value contains a line break"),
        (monitor("headers: {X-A: \"a\\nX-B: b\"}"), "monitors[0].headers.X-A", 4, "value contains a line break"),
        (monitor("conditions: [\"[STATUS] == 200\", \"[STAUS] == 200\"]"), "monitors[0].conditions[1]", 4,
         "invalid condition '[STAUS] == 200' at character 1: unknown placeholder [STAUS]"),
        (monitor("conditions: [[STATUS] == 200]"), "", 4,
         "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 4; "
            + "quote conditions that start with '[', e.g. \"[STATUS] == 200\")"),
        (monitor("conditions:\n      - [STATUS] == 200"), "", 5, "quote conditions that start with '['"),
        (monitor("conditions: [\"[STATUS] == 200\"]\n  - name: x\n   url: y"), "", 6, "invalid YAML"),
        (monitor("interval: 30"), "monitors[0].interval", 4, "invalid duration '30': missing unit"),
        (monitor("interval: 0s"), "monitors[0].interval", 4, "must be positive (found '0s')"),
        (monitor("timeout: -1s"), "monitors[0].timeout", 4, "must be positive (found '-1s')"),
        (monitor("interval: 5s"), "monitors[0].interval", 4, "interval 5s is shorter than timeout 10s (the default)"),
        (monitor("interval: 5s\n    timeout: 6s"), "monitors[0].interval", 4, "interval 5s is shorter than timeout 6s:"),
        (monitor("timeout: 90s"), "monitors[0].timeout", 4, "interval 1m (the default) is shorter than timeout 90s"),
        (monitor("retry: {attempts: 0}"), "monitors[0].retry.attempts", 4, "must be 1 to 20 (found 0)"),
        (monitor("retry: {attempts: 21}"), "monitors[0].retry.attempts", 4, "must be 1 to 20 (found 21)"),
        (monitor("retry: {on: [http_5xx, bogus]}"), "monitors[0].retry.on[1]", 4, "unknown failure code 'bogus' (known: "),
        (monitor("retry: {backoff: soon}"), "monitors[0].retry.backoff", 4, "invalid duration 'soon'"),
        (monitor("retry: {budget: 0s}"), "monitors[0].retry.budget", 4, "must be positive"),
        (monitor("retry: {tries: 3}"), "monitors[0].retry.tries", 4, "unknown key 'tries'"),
        (monitor("max_redirects: 51"), "monitors[0].max_redirects", 4, "must be 0 to 50 (found 51)"),
        (monitor("max_body: 65MiB"), "monitors[0].max_body", 4, "must be 0B to 64MiB (found '65MiB')"),
        (monitor("max_body: lots"), "monitors[0].max_body", 4, "invalid size 'lots'"),
        (monitor("ca_file: /nonexistent/ca.pem"), "monitors[0].ca_file", 4, "cannot read ca_file '/nonexistent/ca.pem'"),
        // Monitors: verification
        (monitor("verify: {probes: 1, quorum: 3}"), "monitors[0].verify.quorum", 4,
         "quorum 3 can never be reached with 1 other probe (at most probes + 1 = 2"),
        (monitor("verify: {quorum: 0}"), "monitors[0].verify.quorum", 4, "quorum must be at least 1 (found 0)"),
        (monitor("recover: {quorum: 3}"), "monitors[0].recover.quorum", 4, "quorum 3 can never be reached"),
        (monitor("verify: {probes: -1}"), "monitors[0].verify.probes", 4, "must be 0 to 20 (found -1)"),
        (monitor("verify: {within: 0s}"), "monitors[0].verify.within", 4, "must be positive"),
        // Names across the file
        ("monitors:\n  - {name: m, url: http://a.example/}\n  - {name: m, url: http://b.example/}\n",
         "monitors[1].name", 3, "duplicate monitor name 'm' (first defined on line 2)"),
        ("alerts:\n  - {name: c, type: slack, url: https://a.example/}\n  - {name: c, type: slack, url: https://b.example/}\n",
         "alerts[1].name", 3, "duplicate alert channel name 'c' (first defined on line 2)"),
        (monitor("alerts: [oncal]") + "alerts:\n  - {name: oncall, type: slack, url: https://a.example/}\n",
         "monitors[0].alerts[0]", 4, "unknown alert channel 'oncal' (did you mean 'oncall'?)"),
        (monitor("alerts: [oncall]"), "monitors[0].alerts[0]", 4, "unknown alert channel 'oncall' (none are defined)"),
        // Alert channels
        (channel("{name: oncall, type: slak, url: https://a.example/}"), "alerts[0].type", 4,
         "unknown alert type 'slak' (did you mean 'slack'?)"),
        (channel("{name: oncall, url: https://a.example/}"), "alerts[0].type", 4, "missing required key 'type'"),
        (channel("{name: oncall, type: webhook}"), "alerts[0].url", 4, "missing required key 'url'"),
        (channel("{name: oncall, type: pagerduty}"), "alerts[0].routing_key", 4, "missing required key 'routing_key'"),
        (channel("{name: oncall, type: telegram, bot_token: x}"), "alerts[0].chat_id", 4, "missing required key 'chat_id'"),
        (channel("{name: oncall, type: email, host: smtp, from: a@b.c}"), "alerts[0].to", 4, "missing required key 'to'"),
        (channel("{name: oncall, type: email, host: smtp, from: a@b.c, to: nobody}"), "alerts[0].to", 4,
         "invalid email address 'nobody'"),
        (channel("{name: oncall, type: email, host: smtp, from: a@b.c, to: x@y.z, port: 0}"), "alerts[0].port", 4,
         "must be 1 to 65535 (found 0)"),
        (channel("{name: oncall, type: slack, url: https://a.example/, secret: x}"), "alerts[0].secret", 4,
         "unknown key 'secret'"),
        (channel("{name: oncall, type: slack, url: tcp://a.example:25}"), "alerts[0].url", 4,
         "an alert endpoint needs http:// or https://"),
        ("alerts:\n  - {name: on call, type: slack, url: https://a.example/}\n", "alerts[0].name", 2,
         "invalid name 'on call'"),
        // Server and storage
        ("server: {listen: localhost}\n", "server.listen", 1, "invalid listen address 'localhost': expected host:port"),
        ("server: {listen: \"127.0.0.1:70000\"}\n", "server.listen", 1, "port '70000' is not a number from 1 to 65535"),
        ("server: {listen: \"::1:80\"}\n", "server.listen", 1, "an IPv6 address needs brackets"),
        ("server: {data_dir: \"\"}\n", "server.data_dir", 1, "must not be empty"),
        ("server: {region: eu west}\n", "server.region", 1, "invalid region 'eu west'"),
        ("storage:\n  sqlite: a.db\n  postgres: postgres://h/db\n", "storage.postgres", 3,
         "both sqlite and postgres are given; choose one backend"),
        ("storage: {postgres: mysql://h/db}\n", "storage.postgres", 1, "invalid PostgreSQL URL"),
        ("storage: {retention: forever}\n", "storage.retention", 1, "invalid duration 'forever'"),
    ]

    @Test(arguments: cases)
    func reportsTheProblemAtItsKey(yaml: String, path: String, line: Int, fragment: String) throws {
        let problems = ConfigFixtures.problems(yaml)
        let problem = try #require(problems.first, "no problem reported")
        #expect(problems.count == 1, "\(problems)")
        #expect(problem.path == path)
        #expect(problem.line == line)
        #expect(problem.message.contains(fragment), "\(problem.message)")
        #expect(problem.file == "test.yaml")
    }
}
