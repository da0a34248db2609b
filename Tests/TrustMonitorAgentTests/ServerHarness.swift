import Foundation
@testable import TrustMonitorTestSupport
import Hummingbird
import Logging
import ServiceLifecycle
import Testing
import TrustMonitorAgentProtocol
import TrustMonitorCore
import TrustMonitorEngine
import TrustMonitorLedger
import TrustMonitorProbe
import TrustMonitorServer
import TrustMonitorStore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real server side of the agent protocol, wired as `serve` wires it: a SQLite store in a temp dir,
/// the engine with its remote probes and scheduler, the ledger's keys and checkpoint publisher, the API,
/// ledger and agent routes on a kernel-chosen port.
struct ServerHarness {
    let store: SQLiteStore
    let engine: MonitorEngine
    let remote: RemoteProbes
    let checkpoints: CheckpointPublisher
    let keys: LedgerKeys
    /// The data dir: the database and the ledger's key files.
    let directory: String
    let url: String
    /// What the server logged (a witness's refusal reaches it only as a log line).
    let logs: LogRecorder
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    /// The server's own region; agents in tests run elsewhere.
    static let region = "home"
    static let origin = "agent-tests.trustmonitor/ledger"

    /// - Parameters:
    ///   - keysFrom: another harness's data dir whose log and report keys this one uses: the same log key
    ///     and origin over another database, as a log showing two histories would.
    ///   - isActive: the replica role agents see; a standby answers them with 503.
    static func start(monitors: [(name: String, url: String)] = [], interval: Duration = .milliseconds(300),
                      port: Int = 0, keysFrom: String? = nil,
                      isActive: @escaping @Sendable () async -> Bool = { true }) async throws -> ServerHarness {
        let directory = NSTemporaryDirectory() + "tm-agent-server-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let keysFrom {
            for file in ["log.skey", "report.skey"] {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: keysFrom + "/" + file))
                #expect(FileManager.default.createFile(atPath: directory + "/" + file, contents: bytes,
                                                       attributes: [.posixPermissions: 0o600]))
            }
        }
        let keys = try LedgerKeys.loadOrCreate(dataDir: directory, origin: origin)
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

        let checkpoints = CheckpointPublisher(store: store, signer: keys.log, interval: .milliseconds(200))
        let router = APIRoutes.makeRouter(store: store, checkpoints: checkpoints, reportSigner: keys.report)
        AgentRoutes(store: store, engine: engine, remote: remote, heartbeatSeconds: 1, checkpoints: checkpoints,
                    isActive: isActive).add(to: router)
        let monitoring = MonitoringService(engine: engine, queue: queue, prober: Prober(), concurrency: 4, remote: remote)
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let logger = Logger(label: "test.server") { _ in SwiftLogNoOpLogHandler() }
        let logs = LogRecorder()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                              services: [monitoring, checkpoints],
                              onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) },
                              logger: logs.logger(label: "test.server"))
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let bound = try #require(await iterator.next())
        return ServerHarness(store: store, engine: engine, remote: remote, checkpoints: checkpoints, keys: keys,
                             directory: directory, url: "http://127.0.0.1:\(bound)", logs: logs, group: group,
                             running: running)
    }

    /// Issues an agent token for a new probe, as an operator would; returns the token.
    func addProbe(name: String, region: String) async throws -> String {
        let token = AgentToken.generate()
        try await addProbe(name: name, region: region, token: token)
        return token
    }

    /// Issues a given token: replicas share one database, so every one of them knows the same tokens.
    func addProbe(name: String, region: String, token: String) async throws {
        _ = try await store.addProbe(name: name, region: region, tokenHash: AgentToken.hash(token), now: Date())
    }

    func probe(named name: String) async throws -> ProbeRecord? {
        try await store.probes().first { $0.name == name }
    }

    func monitorID(_ name: String) async throws -> String {
        try #require(try await store.monitors().first { $0.name == name }?.id)
    }

    /// Appends `count` entries to the ledger, as incidents would; the publisher signs over them within moments.
    func growLedger(by count: Int) async throws {
        _ = try await store.appendLedgerEntries((0..<count).map { index in
            LedgerEntryDraft(type: "test.grow", ts: Date(), monitor: nil, incident: nil, fields: ["n": .int(index)])
        })
    }

    /// The served `/ledger/checkpoint`, as any client reads it.
    func servedCheckpoint() async throws -> String {
        let (data, _) = try await URLSession.shared.data(from: try #require(URL(string: url + "/ledger/checkpoint")))
        return String(decoding: data, as: UTF8.self)
    }

    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await running.value
        try await store.close()
    }
}
