public import ServiceLifecycle
public import TrustMonitorProbe

/// The scheduler and the probes as one long-running service: started by the server's service group,
/// stopped gracefully on SIGTERM/SIGINT (no new checks; checks in flight finish within their timeout).
public struct MonitoringService: Service {
    let engine: MonitorEngine
    let queue: JobQueue
    let prober: Prober
    let concurrency: Int
    let remote: RemoteProbes?

    public init(engine: MonitorEngine, queue: JobQueue, prober: Prober, concurrency: Int, remote: RemoteProbes? = nil) {
        self.engine = engine
        self.queue = queue
        self.prober = prober
        self.concurrency = concurrency
        self.remote = remote
    }

    public func run() async throws {
        let workers = ProbeWorkers(engine: engine, queue: queue, prober: prober, count: concurrency)
        let scheduler = Scheduler(engine: engine)
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await workers.run() }
                group.addTask { await scheduler.run() }
                if let remote {
                    // Jobs no agent took in time, and expired leases, go back to the local probes.
                    group.addTask {
                        while !Task.isCancelled {
                            await remote.sweep()
                            try? await Task.sleep(for: .milliseconds(500))
                        }
                    }
                }
                await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            Task {
                await queue.close()
                await remote?.close()
            }
        }
    }
}
