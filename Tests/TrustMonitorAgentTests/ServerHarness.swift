import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Testing
import TrustMonitorAgentProtocol
import TrustMonitorCore
import TrustMonitorEngine
import TrustMonitorProbe
import TrustMonitorServer
import TrustMonitorStore

/// The real server side of the agent protocol, wired as `serve` wires it: a SQLite store in a temp dir,
/// the engine with its remote probes and scheduler, the API and agent routes on a kernel-chosen port.
struct ServerHarness {
    let store: SQLiteStore
    let engine: MonitorEngine
    let remote: RemoteProbes
    let url: String
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    /// The server's own region; agents in tests run elsewhere.
    static let region = "home"

    static func start(monitors: [(name: String, url: String)] = [], interval: Duration = .milliseconds(300),
                      port: Int = 0) async throws -> ServerHarness {
        let directory = NSTemporaryDirectory() + "tm-agent-server-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try await SQLiteStore.open(path: directory + "/trustmonitor.db")
        try await store.migrate()
        let queue = JobQueue()
        let remote = RemoteProbes(fallback: queue)
        let engine = MonitorEngine(store: store, queue: queue, local: ProbeIdentity(name: "local", region: region),
                                   remote: remote)
        var definitions: [MonitorDefinition] = []
        for monitor in monitors {
            let record = try await store.upsertMonitor(name: monitor.name, endpoint: monitor.url, interval: interval,
                                                       now: Date())
            let request = CheckRequest(target: try Target.parse(monitor.url), timeout: .seconds(2), retry: .never)
            definitions.append(MonitorDefinition(
                id: record.id, name: monitor.name, request: request, interval: interval,
                verification: VerificationPolicy(probes: 1, quorum: 2, within: .seconds(5), recoverQuorum: 2,
                                                 recheckDelay: .milliseconds(100)),
                paused: false))
        }
        try await engine.apply(definitions)

        let router = APIRoutes.makeRouter(store: store)
        AgentRoutes(store: store, engine: engine, remote: remote, heartbeatSeconds: 1).add(to: router)
        let monitoring = MonitoringService(engine: engine, queue: queue, prober: Prober(), concurrency: 4, remote: remote)
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let logger = Logger(label: "test.server") { _ in SwiftLogNoOpLogHandler() }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                              services: [monitoring],
                              onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) },
                              logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let bound = try #require(await iterator.next())
        return ServerHarness(store: store, engine: engine, remote: remote, url: "http://127.0.0.1:\(bound)",
                             group: group, running: running)
    }

    /// Issues an agent token for a new probe, as an operator would; returns the token.
    func addProbe(name: String, region: String) async throws -> String {
        let token = AgentToken.generate()
        _ = try await store.addProbe(name: name, region: region, tokenHash: AgentToken.hash(token), now: Date())
        return token
    }

    func probe(named name: String) async throws -> ProbeRecord? {
        try await store.probes().first { $0.name == name }
    }

    func monitorID(_ name: String) async throws -> String {
        try #require(try await store.monitors().first { $0.name == name }?.id)
    }

    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await running.value
        try await store.close()
    }
}
