import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TrustMonitorConfig
import TrustMonitorCore
import TrustMonitorEngine
import TrustMonitorProbe
import TrustMonitorServer
import TrustMonitorStore
import UnixSignals

/// Everything `serve` runs, built from a validated configuration: the store, the engine with its
/// scheduler and probes, the HTTP API, and config reload on SIGHUP.
struct ServerRuntime {
    let configuration: Configuration
    let configPath: String?
    let output: any CommandOutput
    var probeConcurrency = 256
    /// Services that run beside the server's own (the demo's targets).
    var extraServices: [any Service] = []
    /// The first admin token's secret: made and printed on a first start, or the operator's or the demo's.
    var adminToken: AdminBootstrap.Secret = .generate

    /// Runs until SIGTERM or SIGINT. Fails (before listening) when the store cannot be opened.
    func run() async throws {
        let store = try await Self.openStore(configuration)
        do {
            try await run(store: store)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    private func run(store: any Store) async throws {
        // Trapped before any monitor is registered: a SIGHUP from then on is a reload, never lost.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        try await store.migrate()
        let settings = configuration.server
        try await AdminBootstrap.run(adminToken, store: store, settings: settings, output: output)
        let queue = JobQueue()
        let remote = RemoteProbes(fallback: queue)
        // On PostgreSQL, replicas share their job queue through the database: every replica's probes and
        // every agent (through whichever replica it talks to) take checks from it; on SQLite (one machine),
        // the queue is in this process.
        let shared = configuration.storage.sharesJobQueue ? SharedJobQueue(store: store) : nil
        let local = ProbeIdentity(name: "local", region: settings.region)
        let engine = MonitorEngine(store: store, queue: queue, local: local, remote: remote, shared: shared)
        let keys = try LedgerKeys.loadOrCreate(dataDir: settings.dataDir, origin: LedgerKeys.defaultOrigin())
        let channels = AlertChannels(configuration.alerts)
        // The file's monitors and the API's, as one set: what the engine runs once this replica is active.
        let monitors = MonitorSet(store: store, engine: engine, configuration: configuration)
        let role = ReplicaRole()
        let checkpoints = CheckpointPublisher(store: store, signer: keys.log, signs: { await role.isActive })
        let router = Self.router(configuration, store: store, engine: engine, remote: remote, queue: queue,
                                 shared: shared, checkpoints: checkpoints, reportSigner: keys.report, role: role,
                                 monitors: monitors, alertSender: channels)
        var logger = Logger(label: "trustmonitor")
        logger.logLevel = .info
        // Monitors are registered while this replica stands by (an upsert by name is safe on any replica): taking
        // over then costs two reads, not a round trip per monitor.
        let prepared = Task { try await MonitorSet.register(configuration, store: store) }
        let active = ActiveReplicaService(
            lock: store.replicaLock(), role: role, output: output,
            becomeActive: {
                // Checks the stored log against this replica's key before anything is scheduled or signed.
                try await checkpoints.publish()
                try await monitors.activate(configured: try await prepared.value)
            },
            services: (shared == nil ? [] : [SharedResultConsumer(store: store, engine: engine, remote: remote)]) + [
                MonitoringService(engine: engine, queue: queue, prober: Prober(), concurrency: probeConcurrency,
                                  remote: remote),
                ConfigReloader(path: configPath, hangups: hangups, monitors: monitors, store: store, channels: channels,
                               output: output),
                // API changes taken by a standby reach this, the active replica, within a poll.
                MonitorSetPoller(monitors: monitors),
                RetentionService(store: store, retention: configuration.storage.retention),
                // Each finished UTC day's SLA figures per monitor, into the ledger once.
                DailySummaryService(store: store, sources: { SLASources(store: store, configuration: await monitors.configuration) }),
                AlertPolicyService(engine: engine),
                checkpoints,
            ])
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(settings.listenHost, port: settings.listenPort),
                                 serverName: "trustmonitor"),
            // Every replica delivers alerts: the outbox is shared, and a claim keeps two from sending one alert.
            services: extraServices + [active, LongPollCloser(remote: remote),
                                       AlertDeliveryService(store: store, sender: channels, lease: AlertChannels.deliveryLease,
                                                            metrics: engine.metrics)]
                + sharedProbes(shared, store: store, local: local),
            onServerRunning: { channel in
                let address = channel.localAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?"
                output.err("trustmonitor: serving \(configuration.monitors.count) monitors; API on http://\(address)/api/v1/monitors")
            },
            logger: logger)
        try await app.runService()
    }

    /// This replica's own probes on the shared queue; they run on standbys too.
    private func sharedProbes(_ shared: SharedJobQueue?, store: any Store, local: ProbeIdentity) -> [any Service] {
        guard let shared else { return [] }
        let claimant = "replica-\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        return [SharedProbeWorkers(store: store, prober: Prober(), identity: local, claimant: claimant,
                                   concurrency: probeConcurrency, leaseSlack: shared.leaseSlack)]
    }

    static func openStore(_ configuration: Configuration) async throws -> any Store {
        switch configuration.storage.backend {
        case .sqlite(let path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            return try await SQLiteStore.open(path: path)
        case .postgres(let url):
            // Connects once before returning: an unreachable server or a refused login fails `serve` here, with
            // the server's own words and the URL without its password.
            return try await PostgresStore.open(url: url)
        }
    }
}

/// Re-reads the configuration on SIGHUP; an invalid file changes nothing and says why.
struct ConfigReloader: Service {
    let path: String?
    let hangups: UnixSignalsSequence
    let monitors: MonitorSet
    let store: any Store
    let channels: AlertChannels
    let output: any CommandOutput

    func run() async throws {
        guard let path else { return await waitForShutdown() }
        for await _ in hangups.cancelOnGracefulShutdown() { await reload(path) }
    }

    /// The file's monitors, windows and channels replaced; the API's monitors and windows are kept as they are.
    func reload(_ path: String) async {
        do {
            let configuration = try Configuration.load(path: path, environment: ProcessInfo.processInfo.environment)
            channels.update(configuration.alerts)
            try await monitors.reload(configuration, configured: try await MonitorSet.register(configuration, store: store))
            output.err("trustmonitor: reloaded \(path): \(configuration.monitors.count) monitors")
        } catch let errors as ConfigErrors {
            output.err("trustmonitor: reload of \(path) refused, nothing changed:\n\(errors)")
        } catch {
            output.err("trustmonitor: reload of \(path) failed, nothing changed: \(error)")
        }
    }

    private func waitForShutdown() async {
        try? await gracefulShutdown()
    }
}

/// Deletes raw observations past the retention once an hour; rollups and incidents stay.
struct RetentionService: Service {
    let store: any Store
    let retention: Duration

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let cutoff = Date().addingTimeInterval(-Double(retention.components.seconds))
            _ = try? await store.pruneObservations(before: cutoff)
            _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
        }
    }
}

/// Ends agents' long polls (leases, witness) as soon as the server is told to stop, on every replica: a standby
/// serving agents from the shared queue must not keep the process up for their waits.
struct LongPollCloser: Service {
    let remote: RemoteProbes

    func run() async throws {
        try? await gracefulShutdown()
        await remote.close()
    }
}
