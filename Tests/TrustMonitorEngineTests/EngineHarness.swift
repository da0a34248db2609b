import Foundation
import NIOConcurrencyHelpers
import Testing
import TrustMonitorCore
import TrustMonitorEngine
import TrustMonitorProbe
import TrustMonitorStore
@testable import TrustMonitorTestSupport

/// A real engine on a real SQLite file in a temp dir, checking real servers on short intervals.
struct EngineHarness {
    let store: SQLiteStore
    let engine: MonitorEngine
    let queue: JobQueue
    let directory: String
    private let task: Task<Void, Never>

    static func start(monitors: [(name: String, url: String)], interval: Duration = .milliseconds(250),
                      verification: VerificationPolicy = .init(probes: 1, quorum: 2, within: .seconds(5),
                                                               recoverQuorum: 2, recheckDelay: .milliseconds(100)),
                      directory: String? = nil, alertRoutes: [AlertRoute] = [],
                      alertSettings: AlertSettings = AlertSettings(),
                      anomaly: AnomalySettings = .default) async throws -> EngineHarness {
        let directory = directory ?? NSTemporaryDirectory() + "tm-engine-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try await SQLiteStore.open(path: directory + "/trustmonitor.db")
        try await store.migrate()
        let queue = JobQueue()
        let engine = MonitorEngine(store: store, queue: queue)
        await engine.setAlertSettings(alertSettings)
        var definitions: [MonitorDefinition] = []
        for monitor in monitors {
            let record = try await store.upsertMonitor(name: monitor.name, endpoint: monitor.url, interval: interval,
                                                       now: Date())
            let request = CheckRequest(target: try Target.parse(monitor.url), timeout: .seconds(2), retry: .never)
            definitions.append(MonitorDefinition(id: record.id, name: monitor.name, request: request,
                                                 interval: interval, verification: verification, paused: false,
                                                 alertRoutes: alertRoutes, anomaly: anomaly))
        }
        try await engine.apply(definitions)
        let service = MonitoringService(engine: engine, queue: queue, prober: Prober(), concurrency: 8)
        let task = Task { _ = try? await service.run() }
        return EngineHarness(store: store, engine: engine, queue: queue, directory: directory, task: task)
    }

    func monitorID(_ name: String) async throws -> String {
        try #require(try await store.monitors().first { $0.name == name }?.id)
    }

    /// Polls until `condition` holds, at most `limit`; returns whether it did. Never asserts timing.
    func eventually(within limit: Duration = .seconds(20), _ condition: () async throws -> Bool) async -> Bool {
        await TrustMonitorTestSupport.eventually(within: limit, condition)
    }

    func stop() async throws {
        await queue.close()
        task.cancel()
        await task.value
        try await store.close()
    }
}

/// A switch a test flips to make its target fail or recover.
final class TargetSwitch: Sendable {
    private let down = NIOLockedValueBox(false)
    var isDown: Bool {
        get { down.withLockedValue { $0 } }
        set { down.withLockedValue { $0 = newValue } }
    }
}
