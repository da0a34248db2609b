import Foundation
import Logging
public import ServiceLifecycle
import TrustMonitorAgentProtocol
import TrustMonitorCore
public import TrustMonitorProbe
public import TrustMonitorStore

/// Every replica's own probes on the shared queue: one claimer takes as many of the replicas' jobs as there
/// are free probes (a claim is one statement for many jobs), and each job runs as its own task. Runs on
/// standbys too, so every replica's probes do checking work, and a replica's death costs only the jobs it
/// held, which come back when their leases run out.
public struct SharedProbeWorkers: Service {
    let store: any Store
    let prober: Prober
    let identity: ProbeIdentity
    /// Who claims, in the queue: one name per replica process.
    let claimant: String
    let concurrency: Int
    let leaseSlack: Duration
    /// How long an idle claimer waits before asking again.
    let idlePoll: Duration

    public init(store: any Store, prober: Prober, identity: ProbeIdentity, claimant: String, concurrency: Int,
                leaseSlack: Duration = .seconds(10), idlePoll: Duration = .milliseconds(50)) {
        self.store = store
        self.prober = prober
        self.identity = identity
        self.claimant = claimant
        self.concurrency = max(1, concurrency)
        self.leaseSlack = leaseSlack
        self.idlePoll = idlePoll
    }

    /// Claims until graceful shutdown, then finishes the checks it holds (each within its own budget).
    public func run() async throws {
        let logger = Logger(label: "trustmonitor.probes")
        let running = RunningCount()
        let results = ResultBatcher(store: store)
        await withTaskGroup(of: Void.self) { group in
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let free = concurrency - (await running.count)
                var claimed: [ClaimedJob] = []
                if free > 0 {
                    do {
                        claimed = try await store.claimJobs(region: nil, claimant: claimant, limit: min(free, 64),
                                                            now: Date(), leaseSlack: leaseSlack)
                    } catch {
                        logger.error("could not claim jobs", metadata: ["error": "\(error)"])
                    }
                }
                for job in claimed {
                    await running.add(1)
                    group.addTask {
                        await run(job, results: results, logger: logger)
                        await running.add(-1)
                    }
                }
                if claimed.isEmpty {
                    _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: idlePoll) }
                }
            }
        }
        await results.drain()
    }

    private func run(_ claimed: ClaimedJob, results: ResultBatcher, logger: Logger) async {
        let request: CheckRequest
        do {
            request = try JSONCoding.decoder().decode(CheckSpec.self, from: Data(claimed.job.check)).request()
        } catch {
            // Nothing any probe could run: dropped, loudly; its monitor is checked again at its next due time.
            logger.error("unrunnable job dropped", metadata: ["job": "\(claimed.job.id)", "error": "\(error)"])
            try? await store.deleteJobs(ids: [claimed.job.id])
            return
        }
        let wait = Double(claimed.job.notBeforeMs) / 1000 - Date().timeIntervalSince1970
        if wait > 0 { try? await Task.sleep(for: .milliseconds(Int64(wait * 1000))) }
        let observation = await prober.check(request)
        let result: [UInt8]
        do {
            result = try SharedJobResult(probe: identity, impaired: false, observation: observation).encoded()
        } catch {
            logger.error("result not encodable", metadata: ["job": "\(claimed.job.id)", "error": "\(error)"])
            return
        }
        await results.post(JobResultPost(lease: claimed.lease, claimant: claimant, result: result))
    }
}

/// The replica's results on their way into the store: whatever finished while one write was in flight goes in
/// the next, so a busy replica pays one commit per batch, not per check. A database blink is retried; results
/// still unwritten when their leases run out are run again elsewhere, never lost unseen.
actor ResultBatcher {
    let store: any Store
    private var buffer: [JobResultPost] = []
    private var writing = false
    private let logger = Logger(label: "trustmonitor.probes")

    init(store: any Store) {
        self.store = store
    }

    func post(_ result: JobResultPost) {
        buffer.append(result)
        guard !writing else { return }
        writing = true
        Task { await self.writeBuffered() }
    }

    private func writeBuffered() async {
        var failures = 0
        while !buffer.isEmpty {
            let batch = buffer
            buffer.removeAll(keepingCapacity: true)
            do {
                let answers = try await store.completeJobs(batch, now: Date())
                for (post, answer) in zip(batch, answers) {
                    if case .accepted = answer { continue }
                    logger.warning("result refused", metadata: ["lease": "\(post.lease)", "outcome": "\(answer)"])
                }
                failures = 0
            } catch {
                failures += 1
                logger.error("results not kept yet", metadata: ["results": "\(batch.count)", "error": "\(error)"])
                if failures < 5 { buffer.insert(contentsOf: batch, at: 0) }
                try? await Task.sleep(for: .milliseconds(200 << min(failures, 5)))
            }
        }
        writing = false
    }

    /// Waits (at most `limit`) until every result posted so far is written: a stopping replica hands its
    /// finished checks over rather than leaving them to their leases.
    func drain(limit: Duration = .seconds(5)) async {
        let end = ContinuousClock.now + limit
        while (writing || !buffer.isEmpty) && ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// Checks in flight, for the claimer to know how many probes are free.
actor RunningCount {
    private(set) var count = 0
    func add(_ delta: Int) { count += delta }
}
