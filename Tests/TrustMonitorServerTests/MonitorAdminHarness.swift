import Foundation
import Hummingbird
import Testing
import TrustMonitorAlerts
import TrustMonitorConfig
import TrustMonitorCore
import TrustMonitorEngine
import TrustMonitorProbe
import TrustMonitorServer
import TrustMonitorStore
@testable import TrustMonitorTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One replica as `serve` wires it for the API's writes: a store, an engine, the file's and the API's monitors as
/// one `MonitorSet`, and the API on a kernel-chosen port, called with a write token named `ops-bot`.
struct MonitorAdminHarness {
    let store: any Store
    let engine: MonitorEngine
    let monitors: MonitorSet
    let base: String

    /// A token with the write scope; its name is who comments and makes windows.
    static let token = APIToken.generate()
    static let tokenName = "ops-bot"

    static let configuration = """
        monitors:
          - {name: web, url: 'http://127.0.0.1:1/', headers: {X-Key: "${KEY}"}}
        alerts:
          - {name: oncall, type: webhook, url: 'http://127.0.0.1:1/hook/s3cret-path'}
        maintenance:
          - {name: nightly, start: '2026-01-01T02:00:00Z', duration: 30m, every: 24h, monitors: [web]}
        """

    static func parse(_ yaml: String) throws -> Configuration {
        try Configuration.parse(yaml: yaml, file: "test.yaml", environment: ["KEY": "file-secret"])
    }

    static func openSQLite() async throws -> SQLiteStore {
        let directory = NSTemporaryDirectory() + "tm-admin-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try await SQLiteStore.open(path: directory + "/tm.db")
        try await store.migrate()
        return store
    }

    /// Runs `body` against a replica on `store` (a fresh SQLite file when nil), active unless `active` is false;
    /// with `checking`, the engine runs its scheduler and probes too.
    static func with(store given: (any Store)? = nil, yaml: String = configuration, active: Bool = true,
                     checking: Bool = false, poll: Duration? = nil,
                     _ body: (MonitorAdminHarness) async throws -> Void) async throws {
        let store: any Store
        if let given { store = given } else { store = try await openSQLite() }
        if try await store.token(hash: APIToken.hash(token)) == nil {
            _ = try? await store.createToken(name: tokenName, scopes: [.write], tokenHash: APIToken.hash(token), now: Date())
        }
        let configuration = try parse(yaml)
        let queue = JobQueue()
        let engine = MonitorEngine(store: store, queue: queue)
        let monitors = MonitorSet(store: store, engine: engine, configuration: configuration)
        let registered = try await MonitorSet.register(configuration, store: store)
        if active { try await monitors.activate(configured: registered) }
        let router = APIRoutes.makeRouter(store: store, monitors: monitors,
                                          alertSender: ChannelSender(sender: AlertSender(channels: configuration.alerts)))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        var tasks = [Task { try await app.run() }]
        if checking {
            let service = MonitoringService(engine: engine, queue: queue, prober: Prober(), concurrency: 4)
            tasks.append(Task { try await service.run() })
        }
        if let poll {
            let poller = MonitorSetPoller(monitors: monitors, interval: poll)
            tasks.append(Task { try await poller.run() })
        }
        defer {
            for task in tasks { task.cancel() }
            Task { await queue.close() }
        }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        try await body(MonitorAdminHarness(store: store, engine: engine, monitors: monitors,
                                           base: "http://127.0.0.1:\(port)/api/v1"))
        // The probes wait on the queue until it closes (`serve` closes it on graceful shutdown).
        await queue.close()
        for task in tasks {
            task.cancel()
            _ = await task.result
        }
        if given == nil { try await store.close() }
    }

    /// A request with the token; `body` sent as `contentType` (JSON unless said).
    @discardableResult
    func send(_ method: String, _ path: String, _ body: String? = nil, contentType: String? = "application/json")
        async throws -> (status: Int, json: [String: Any])
    {
        var request = URLRequest(url: try #require(URL(string: base + path)))
        request.httpMethod = method
        request.setValue("Bearer \(Self.token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = Data(body.utf8)
            if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let json = data.isEmpty ? [:] : (try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:])
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, json)
    }

    static func error(_ json: [String: Any]) -> (code: String?, message: String?) {
        let error = json["error"] as? [String: Any]
        return (error?["code"] as? String, error?["message"] as? String)
    }

    /// Everything the API's monitor writes touch, to show a refused request left it all as it was.
    func snapshot() async throws -> String {
        let monitors = try await store.monitors().map { "\($0)" }
        let api = try await store.apiMonitors().map { "\($0)" }
        return "\(monitors)\n\(api)\n\(try await store.maintenanceWindows())\n\(try await store.apiChangeStamp())"
    }
}

/// The alert channels through `AlertSender`, as `serve` sends through them (its `AlertChannels` does the same).
struct ChannelSender: AlertSending {
    let sender: AlertSender

    func send(_ message: AlertMessage, channel: String, idempotencyKey: String) async -> DeliveryOutcome {
        await sender.send(message, channel: channel, idempotencyKey: idempotencyKey)
    }
}
