import Foundation
import TrustMonitorConfig

/// The configurations the tests read, and small helpers to read them.
enum ConfigFixtures {
    /// Every key the format has, with a value other than its default wherever one exists.
    static let full = """
        server: {listen: "[::1]:9090", data_dir: /var/lib/trustmonitor}
        storage: {sqlite: /var/lib/trustmonitor/tm.db, retention: 30d}
        monitors:
          - name: api-health
            url: https://api.example.com/health
            method: post
            headers: {Authorization: "Bearer ${API_TOKEN}", X-Trace: "1"}
            body: '{"ping": true}'
            interval: 30s
            timeout: 5s
            conditions: ["[STATUS] == 200", "[BODY].status == ok", "[RESPONSE_TIME] < 800"]
            retry: {attempts: 3, backoff: 1s, max_backoff: 5s, on: [connect_timeout, http_5xx], budget: 20s}
            verify: {probes: 2, quorum: 2, within: 45s, recheck_delay: 3s}
            recover: {quorum: 3}
            max_redirects: 3
            max_body: 2MiB
            ca_file: ${CA_FILE}
            paused: true
            alerts: [oncall, chat]
          - name: db
            url: tcp://db.internal:5432
            max_body: 4096
        alerts:
          - {name: oncall, type: webhook, url: https://hooks.example.com/x, secret: "${HOOK_SECRET}",
             headers: {X-Team: sre}}
          - {name: chat, type: slack, url: https://hooks.slack.com/services/T/B/x}
          - {name: pager, type: pagerduty, routing_key: abc123}
          - {name: mail, type: email, host: smtp.example.com, port: 587, starttls: true, from: tm@example.com,
             to: "a@example.com, b@example.com"}
          - {name: phone, type: telegram, bot_token: "123:abc", chat_id: -100200}
        """

    /// The smallest useful file: one monitor, everything else defaulted.
    static let minimal = """
        monitors:
          - name: site
            url: http://example.com/
        """

    static func parse(_ yaml: String, environment: [String: String] = [:]) throws(ConfigErrors) -> Configuration {
        try Configuration.parse(yaml: yaml, file: "test.yaml", environment: environment)
    }

    /// The problems reading `yaml` reports; empty when it is valid.
    static func problems(_ yaml: String, environment: [String: String] = [:]) -> [ConfigProblem] {
        do {
            _ = try parse(yaml, environment: environment)
            return []
        } catch {
            return error.problems
        }
    }

    /// A readable file for `ca_file`; its content does not matter to the configuration.
    static func temporaryFile(named name: String, contents: String) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("trustmonitor-config-\(UUID().uuidString)-\(name)").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
