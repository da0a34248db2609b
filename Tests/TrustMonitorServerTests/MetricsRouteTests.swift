import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorEngine
import TrustMonitorServer
import TrustMonitorStore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `GET /metrics` over a real socket, read by Prometheus's own Python client (Tests/interop/check_metrics.py).
@Suite struct MetricsRouteTests {
    @Test func servesTextThatPrometheusAccepts() async throws {
        let seeded = try await APIRoutesTests.seed()
        let store = seeded.store
        let awkward = #"we"ird\name"# + "\nline"
        let up = try await store.upsertMonitor(name: awkward, endpoint: "http://b.test/", interval: .seconds(30),
                                               now: Date())
        try await store.setMonitorState(id: up.id, state: .up, since: Date())
        let paused = try await store.upsertMonitor(name: "paused", endpoint: "http://c.test/", interval: .seconds(30),
                                                   now: Date())
        try await store.setMonitorState(id: paused.id, state: .paused, since: Date())
        let queue = JobQueue()
        let engine = MonitorEngine(store: store, queue: queue)
        let attempt = Attempt(number: 1, startedAt: Date(), url: "http://a.test/", status: 503,
                              failure: Failure(.http5xx, "HTTP 503"),
                              phases: Phases(dns: 1, connect: 2, ttfb: 40, transfer: 3, total: 47))
        let observation = Observation(target: "http://a.test/", method: "GET", startedAt: Date(), finishedAt: Date(),
                                      attempts: [attempt], retryStop: nil)
        await engine.metrics.recordCheck(monitor: "api", probe: "local", observation: observation)
        await engine.metrics.recordDeliveryAttempt(channel: "ops", result: "retry")
        let route = MetricsRoute(MetricsExposition(store: store, engine: engine, queue: queue,
                                                   remote: RemoteProbes(fallback: queue)))

        try await APIRoutesTests.withServer(store, metrics: route) { base in
            let (data, response) = try await URLSession.shared.data(for: try APIRoutesTests.authorized(base + "/metrics"))
            let http = try #require(response as? HTTPURLResponse)
            #expect(http.statusCode == 200)
            #expect(http.value(forHTTPHeaderField: "Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
            let parsed = try PrometheusParser.parse(data)
            #expect(parsed.types["trustmonitor_check_duration_seconds"] == "histogram")
            #expect(parsed.types["trustmonitor_monitor_up"] == "gauge")
            #expect(parsed.value("trustmonitor_monitor_up", ["monitor": "api"]) == 0)
            #expect(parsed.value("trustmonitor_monitor_up", ["monitor": awkward]) == 1)
            #expect(parsed.value("trustmonitor_monitor_up", ["monitor": "paused"]) == nil)
            #expect(parsed.value("trustmonitor_monitor_state", ["monitor": "paused", "state": "paused"]) == 1)
            let failed = ["monitor": "api", "probe": "local", "result": "http_5xx"]
            #expect(parsed.value("trustmonitor_checks_total", failed) == 1)
            #expect(parsed.value("trustmonitor_check_duration_seconds_bucket",
                                 ["monitor": "api", "phase": "total", "le": "0.05"]) == 1)
            #expect(parsed.value("trustmonitor_check_duration_seconds_bucket",
                                 ["monitor": "api", "phase": "total", "le": "0.025"]) == 0)
            #expect(parsed.samples.filter { $0.name == "trustmonitor_check_duration_seconds_count" }.count == 5)
            let retried = ["channel": "ops", "result": "retry"]
            #expect(parsed.value("trustmonitor_alert_delivery_attempts_total", retried) == 1)
            #expect(parsed.value("trustmonitor_queue_depth", ["queue": "remote_leased"]) == 0)
            #expect(parsed.value("trustmonitor_ledger_entries", [:]).map { $0 > 0 } == true)
            #expect(parsed.value("trustmonitor_replica_active", [:]) == 1)
        }
        try await store.close()
    }
}

/// Runs Tests/interop/check_metrics.py with `$TRUSTMONITOR_INTEROP_PYTHON` (else python3 from PATH).
enum PrometheusParser {
    struct Sample: Decodable { let name: String; let labels: [String: String]; let value: Double }
    struct Parsed: Decodable {
        let types: [String: String]
        let samples: [Sample]

        func value(_ name: String, _ labels: [String: String]) -> Double? {
            samples.first { $0.name == name && $0.labels == labels }?.value
        }
    }

    static func parse(_ text: Data) throws -> Parsed {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tm-metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("metrics.txt"), out = dir.appendingPathComponent("out.json")
        let err = dir.appendingPathComponent("err.txt")
        try text.write(to: input)
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("interop/check_metrics.py")
        let python = ProcessInfo.processInfo.environment["TRUSTMONITOR_INTEROP_PYTHON"]
            .flatMap { $0.isEmpty ? nil : $0 }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python ?? "/usr/bin/env")
        process.arguments = (python == nil ? ["python3"] : []) + [script.path, input.path]
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        defer { try? outHandle.close(); try? errHandle.close() }
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        process.waitUntilExit()
        let problems = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        try #require(process.terminationStatus == 0, """
            check_metrics.py exit \(process.terminationStatus) (2: prometheus_client missing; pip install -r \
            Tests/interop/requirements.txt and set TRUSTMONITOR_INTEROP_PYTHON)
            \(problems)
            --- text
            \(String(decoding: text, as: UTF8.self))
            """)
        return try JSONDecoder().decode(Parsed.self, from: try Data(contentsOf: out))
    }
}
