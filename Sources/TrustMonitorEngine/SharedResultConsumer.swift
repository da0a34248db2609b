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
        var decided: [String] = []
        var stalled = false
        for job in completed {
            do {
                try await engine.complete(job)
                decided.append(job.job.id)
            } catch is DecodingError {
                logger.error("unreadable result dropped", metadata: ["job": "\(job.job.id)"])
                decided.append(job.job.id)
            } catch {
                // Kept: decided again on the next pass (the store was unavailable, not the result wrong).
                logger.error("result not decided yet", metadata: ["job": "\(job.job.id)", "error": "\(error)"])
                stalled = true
                break
            }
        }
        do {
            try await store.deleteJobs(ids: decided)
        } catch {
            logger.error("decided jobs not deleted yet", metadata: ["error": "\(error)"])
        }
        return stalled ? 0 : completed.count
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
