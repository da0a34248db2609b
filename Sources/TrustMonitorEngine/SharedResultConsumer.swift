import Foundation
import Logging
public import ServiceLifecycle
public import TrustMonitorStore

/// The active replica's half of the shared queue: takes every result that came in (through any replica),
/// lets the engine decide on it, and only then deletes its job, so a replica dying in between loses nothing
/// (the next active replica decides on it). It also moves overdue jobs on (no agent took a regional job in
/// time, a claimer died holding a lease) and keeps the engine's view of which agents are online current,
/// whichever replica they talk to.
public struct SharedResultConsumer: Service {
    let store: any Store
    let engine: MonitorEngine
    let remote: RemoteProbes
    let idlePoll: Duration

    public init(store: any Store, engine: MonitorEngine, remote: RemoteProbes, idlePoll: Duration = .milliseconds(25)) {
        self.store = store
        self.engine = engine
        self.remote = remote
        self.idlePoll = idlePoll
    }

    public func run() async throws {
        let logger = Logger(label: "trustmonitor.results")
        let clock = ContinuousClock()
        var nextUpkeep = clock.now
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if clock.now >= nextUpkeep {
                await upkeep(logger)
                nextUpkeep = clock.now + .milliseconds(500)
            }
            let taken = await takeResults(logger)
            if taken == 0 {
                _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: idlePoll) }
            }
        }
    }

    /// Decides on up to one batch of results; how many were taken.
    func takeResults(_ logger: Logger) async -> Int {
        let completed: [CompletedJob]
        do {
            completed = try await store.completedJobs(limit: 500)
        } catch {
            logger.error("could not read results", metadata: ["error": "\(error)"])
            return 0
        }
        // Decided side by side, one task per monitor (its results in order): each decision waits on a commit, and
        // one at a time would cap the whole deployment at one commit's latency per check.
        let byMonitor = Dictionary(grouping: completed, by: \.job.monitorID)
        var decided: [String] = []
        var stalled = false
        await withTaskGroup(of: (ids: [String], stalled: Bool).self) { group in
            var running = 0
            for (_, jobs) in byMonitor {
                if running >= Self.parallelDecisions, let done = await group.next() {
                    decided += done.ids
                    stalled = stalled || done.stalled
                    running -= 1
                }
                running += 1
                group.addTask { await decide(jobs, logger) }
            }
            for await done in group {
                decided += done.ids
                stalled = stalled || done.stalled
            }
        }
        do {
            try await store.deleteJobs(ids: decided)
        } catch {
            logger.error("decided jobs not deleted yet", metadata: ["error": "\(error)"])
        }
        return stalled ? 0 : completed.count
    }

    static let parallelDecisions = 32

    /// One monitor's results in order; stops at the first that could not be decided (kept for the next pass).
    private func decide(_ jobs: [CompletedJob], _ logger: Logger) async -> (ids: [String], stalled: Bool) {
        var ids: [String] = []
        for job in jobs {
            do {
                try await engine.complete(job)
                ids.append(job.job.id)
            } catch is DecodingError {
                logger.error("unreadable result dropped", metadata: ["job": "\(job.job.id)"])
                ids.append(job.job.id)
            } catch {
                // Kept: decided again on the next pass (the store was unavailable, not the result wrong).
                logger.error("result not decided yet", metadata: ["job": "\(job.job.id)", "error": "\(error)"])
                return (ids, true)
            }
        }
        return (ids, false)
    }

    private func upkeep(_ logger: Logger) async {
        do {
            _ = try await store.requeueOverdueJobs(now: Date())
            await remote.refresh(from: try await store.probes(), now: Date())
        } catch {
            logger.error("queue upkeep failed", metadata: ["error": "\(error)"])
        }
    }
}
