public import TrustMonitorStore
import TrustMonitorCore

/// One scrape of this replica: the engine's counters plus what is read at scrape time (monitor states, queue
/// depths, schedule lag, ledger size, role), as Prometheus text.
///
/// Each replica serves its own: counters and queues are per process, so Prometheus scrapes every replica.
public struct MetricsExposition: Sendable {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    let store: any Store
    let engine: MonitorEngine
    let queue: JobQueue
    let remote: RemoteProbes?
    let sharesQueue: Bool
    let isActive: @Sendable () async -> Bool

    /// - Parameters:
    ///   - sharesQueue: replicas share the job queue through the store; its counts are then shown too.
    ///   - isActive: whether this replica is the active one; always, without replicas.
    public init(store: any Store, engine: MonitorEngine, queue: JobQueue, remote: RemoteProbes? = nil,
                sharesQueue: Bool = false, isActive: @escaping @Sendable () async -> Bool = { true }) {
        self.store = store
        self.engine = engine
        self.queue = queue
        self.remote = remote
        self.sharesQueue = sharesQueue
        self.isActive = isActive
    }

    public func render() async throws -> String {
        var text = MetricsText()
        let monitors = try await store.monitors().filter { !$0.retired }
        text.gauge("trustmonitor_monitor_up", help: "1 when the monitor is up, 0 when down or suspect; "
                    + "pending and paused monitors are left out.",
                   monitors.compactMap { monitor in
                       let up: Double? = switch monitor.state {
                       case .up: 1
                       case .down, .suspect: 0
                       case .pending, .paused: nil
                       }
                       return up.map { .init([("monitor", monitor.name)], $0) }
                   })
        let degradations = try await store.openDegradations()
        let degraded = Set(degradations.map(\.monitor))
        text.gauge("trustmonitor_monitor_state", help: "1 for the monitor's current state "
                    + "(pending, up, degraded, suspect, down, paused); degraded is up, and not as usual.",
                   monitors.map { monitor in
                       let shown = ShownState(monitor.state, degraded: degraded.contains(monitor.id))
                       return .init([("monitor", monitor.name), ("state", shown.rawValue)], 1)
                   })
        let names = Dictionary(monitors.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        text.gauge("trustmonitor_monitor_degraded", help: "1 while the monitor has an open degradation period of the "
                    + "kind (latency: slower than its learned baseline; error_rate: more suppressed failures than usual).",
                   degradations.compactMap { period in
                       names[period.monitor].map { .init([("monitor", $0), ("kind", period.kind.rawValue)], 1) }
                   })
        await engine.metrics.write(to: &text)
        text.gauge("trustmonitor_queue_depth", help: "Checks waiting in this replica's queues (local, remote_pending, "
                    + "remote_leased) and, when replicas share one, in the shared queue.",
                   try await queueDepths())
        let lag = await engine.lag
        text.gauge("trustmonitor_schedule_lag_seconds", help: "Check start minus due time on this replica, "
                    + "since it started, to 1 ms.",
                   [0.5, 0.99].map { .init([("quantile", MetricsText.number($0))], lag.percentile($0) / 1000) })
        text.gauge("trustmonitor_schedule_lag_seconds_max", help: "The largest schedule lag on this replica.",
                   [.init([], lag.maxMs / 1000)])
        text.gauge("trustmonitor_ledger_entries", help: "Entries in the tamper-evident ledger.",
                   [.init([], Double(try await store.ledgerSize()))])
        text.gauge("trustmonitor_replica_active", help: "1 when this replica is the active one (schedules checks, "
                    + "signs checkpoints), 0 on a standby.",
                   [.init([], await isActive() ? 1 : 0)])
        return text.text
    }

    private func queueDepths() async throws -> [MetricsText.Series<Double>] {
        var depths: [(String, Int)] = [("local", await queue.depth)]
        if let remote {
            let depth = await remote.depth
            depths += [("remote_pending", depth.pending), ("remote_leased", depth.leased)]
        }
        if sharesQueue {
            let counts = try await store.jobCounts()
            depths += [("shared_queued", counts.queued), ("shared_leased", counts.leased), ("shared_done", counts.done)]
        }
        return depths.map { .init([("queue", $0.0)], Double($0.1)) }
    }
}
