import Testing
import TrustMonitorConfig
import TrustMonitorCore

/// A valid file becomes the expected typed values, key by key, and left-out keys take their defaults.
@Suite struct ConfigurationTests {
    @Test func fullExampleParsesEveryKey() throws {
        let caFile = try ConfigFixtures.temporaryFile(named: "ca.pem", contents: "not checked here")
        let config = try ConfigFixtures.parse(ConfigFixtures.full, environment: [
            "API_TOKEN": "t0k3n", "HOOK_SECRET": "s3cret", "CA_FILE": caFile,
        ])
        #expect(config.server == ServerSettings(listenHost: "::1", listenPort: 9090, dataDir: "/var/lib/trustmonitor"))
        #expect(config.storage == StorageSettings(backend: .sqlite(path: "/var/lib/trustmonitor/tm.db"),
                                                  retention: .seconds(30 * 86_400)))
        #expect(config.monitors.map(\.name) == ["api-health", "db"])

        let api = config.monitors[0]
        #expect(api.request.target == Target(scheme: .https, host: "api.example.com", port: 443, pathAndQuery: "/health"))
        #expect(api.request.method == "POST")
        #expect(api.request.headers == [HeaderField(name: "Authorization", value: "Bearer t0k3n"),
                                        HeaderField(name: "X-Trace", value: "1")])
        #expect(api.request.body == Array(#"{"ping": true}"#.utf8))
        #expect(api.interval == .seconds(30))
        #expect(api.request.timeout == .seconds(5))
        #expect(api.request.conditions.map(\.source) == ["[STATUS] == 200", "[BODY].status == ok",
                                                         "[RESPONSE_TIME] < 800"])
        #expect(api.request.retry == RetryPolicy(attempts: 3, backoff: .seconds(1), maxBackoff: .seconds(5),
                                                 retryOn: [.connectTimeout, .http5xx]))
        #expect(api.request.budget == .seconds(20))
        #expect(api.verification == VerificationPolicy(probes: 2, quorum: 2, within: .seconds(45), recoverQuorum: 3,
                                                       recheckDelay: .seconds(3)))
        #expect(api.request.maxRedirects == 3)
        #expect(api.request.maxBodyBytes == 2 << 20)
        #expect(api.request.caFile == caFile)
        #expect(api.paused)
        #expect(api.alerts == ["oncall", "chat"])

        let db = config.monitors[1]
        #expect(db.request.target.description == "tcp://db.internal:5432")
        #expect(db.request.maxBodyBytes == 4096)

        #expect(config.alerts.map(\.name) == ["oncall", "chat", "pager", "mail", "phone"])
        #expect(config.alerts.map(\.type) == [.webhook, .slack, .pagerduty, .email, .telegram])
        #expect(config.alerts[0].settings == ["url": "https://hooks.example.com/x", "secret": "s3cret"])
        #expect(config.alerts[0].headers == [HeaderField(name: "X-Team", value: "sre")])
        #expect(config.alerts[1].settings == ["url": "https://hooks.slack.com/services/T/B/x"])
        #expect(config.alerts[2].settings == ["routing_key": "abc123",
                                              "url": "https://events.pagerduty.com/v2/enqueue"])
        #expect(config.alerts[3].settings == ["host": "smtp.example.com", "port": "587", "starttls": "true",
                                              "from": "tm@example.com", "to": "a@example.com, b@example.com"])
        #expect(config.alerts[4].settings == ["bot_token": "123:abc", "chat_id": "-100200",
                                              "url": "https://api.telegram.org"])
    }

    @Test func leftOutKeysTakeTheDefaults() throws {
        let config = try ConfigFixtures.parse(ConfigFixtures.minimal)
        #expect(config.server == ServerSettings(listenHost: "127.0.0.1", listenPort: 8080, dataDir: "./data", region: "local"))
        #expect(config.storage == StorageSettings(backend: .sqlite(path: "./data/trustmonitor.db"),
                                                  retention: .seconds(14 * 86_400)))
        #expect(config.alerts.isEmpty)
        let monitor = try #require(config.monitors.first)
        let cli = CheckRequest(target: monitor.request.target)
        #expect(monitor.request.method == cli.method)
        #expect(monitor.request.headers.isEmpty)
        #expect(monitor.request.body == nil)
        #expect(monitor.request.timeout == cli.timeout)
        #expect(monitor.request.conditions.isEmpty)
        #expect(monitor.request.retry == RetryPolicy.default)
        #expect(monitor.request.budget == nil)
        #expect(monitor.request.maxRedirects == CheckRequest.defaultMaxRedirects)
        #expect(monitor.request.maxBodyBytes == CheckRequest.defaultMaxBodyBytes)
        #expect(monitor.request.caFile == nil)
        #expect(monitor.interval == MonitorConfig.defaultInterval)
        #expect(monitor.verification == VerificationPolicy.default)
        #expect(monitor.alerts.isEmpty)
        #expect(!monitor.paused)
    }

    @Test(arguments: [
        ("retry: {attempts: 5}", RetryPolicy(attempts: 5, backoff: RetryPolicy.default.backoff,
                                             maxBackoff: RetryPolicy.default.maxBackoff)),
        ("retry: {on: []}", RetryPolicy(attempts: 2, backoff: .milliseconds(500), maxBackoff: .seconds(5),
                                        retryOn: [])),
    ])
    func retryKeysLeftOutKeepTheDefaultPolicy(line: String, expected: RetryPolicy) throws {
        let config = try ConfigFixtures.parse(ConfigFixtures.minimal + "\n    " + line)
        #expect(config.monitors.first?.request.retry == expected)
    }

    @Test(arguments: [
        ("verify: {probes: 0}", 0, 1, 1),
        ("verify: {probes: 3}", 3, 2, 2),
        ("verify: {probes: 3, quorum: 4}", 3, 4, 2),
        ("recover: {quorum: 1}", 1, 2, 1),
    ])
    func quorumDefaultsFollowTheProbes(line: String, probes: Int, quorum: Int, recoverQuorum: Int) throws {
        let config = try ConfigFixtures.parse(ConfigFixtures.minimal + "\n    " + line)
        let policy = try #require(config.monitors.first?.verification)
        #expect(policy.probes == probes)
        #expect(policy.quorum == quorum)
        #expect(policy.recoverQuorum == recoverQuorum)
    }

    @Test(arguments: [
        ("storage: {postgres: postgres://tm@db/tm}", StorageSettings.Backend.postgres(url: "postgres://tm@db/tm")),
        ("server: {data_dir: /srv/tm/}", .sqlite(path: "/srv/tm/trustmonitor.db")),
        ("server: {listen: 0.0.0.0:80}", .sqlite(path: "./data/trustmonitor.db")),
    ])
    func storageBackend(line: String, expected: StorageSettings.Backend) throws {
        let config = try ConfigFixtures.parse(line)
        #expect(config.storage.backend == expected)
    }

    @Test(arguments: ["", "# only a comment\n", "monitors: []", "monitors:\nalerts:\n"])
    func emptyFilesAndListsAreValid(yaml: String) throws {
        let config = try ConfigFixtures.parse(yaml)
        #expect(config.monitors.isEmpty)
        #expect(config.alerts.isEmpty)
    }

    @Test func theServersRegionIsRead() throws {
        let config = try ConfigFixtures.parse("server: {region: eu-west.1}\n" + ConfigFixtures.minimal)
        #expect(config.server.region == "eu-west.1")
    }

    @Test func mergeKeysShareDefaultsBetweenMonitors() throws {
        let config = try ConfigFixtures.parse("""
            x-defaults: &defaults {interval: 2m, timeout: 3s, conditions: ["[STATUS] == 200"]}
            monitors:
              - {<<: *defaults, name: a, url: http://a.example/}
              - {<<: *defaults, name: b, url: http://b.example/, interval: 10s}
            """)
        #expect(config.monitors.map(\.interval) == [.seconds(120), .seconds(10)])
        #expect(config.monitors.map(\.request.timeout) == [.seconds(3), .seconds(3)])
        #expect(config.monitors.map(\.request.conditions.count) == [1, 1])
    }
}
