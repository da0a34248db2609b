import Logging
import ServiceLifecycle
import TrustMonitorAgentProtocol
import TrustMonitorProbe

/// Leases jobs while there are free slots and runs each as its own task; at shutdown it stops leasing,
/// lets running checks finish within the grace period and abandons the rest (their leases expire on the
/// server, which gives the jobs to another probe).
struct LeaseLoop: Sendable {
    /// The most jobs the server hands out per lease call (it refuses a larger `max` with a 400).
    static let maxJobsPerLease = 256

    let client: AgentClient
    let prober: Prober
    let identity: AgentIdentity
    let configuration: AgentConfiguration
    let logger: Logger

    /// Runs until graceful shutdown; throws only a fatal refusal. Every signed result goes to `outbox`.
    func run(into outbox: ResultOutbox) async throws(ServerRefusal) {
        let running = Watched(0)
        let capacity = configuration.concurrency
        let backoff = Backoff(cap: configuration.maxBackoff)
        let waitMs = Int(configuration.leaseWait / .milliseconds(1))
        let refusal = await withDiscardingTaskGroup(returning: ServerRefusal?.self) { group in
            var refusal: ServerRefusal?
            var failures = 0
            leasing: while !Task.isShuttingDownGracefully {
                guard await cancelWhenGracefulShutdown({ await running.wait { $0 < capacity } }),
                      !Task.isShuttingDownGracefully else { break }
                let request = LeaseRequest(max: min(capacity - running.value, Self.maxJobsPerLease), waitMs: waitMs)
                let clock = ContinuousClock()
                let asked = clock.now
                let jobs: [LeasedJob]
                do throws(AgentCallError) {
                    jobs = try await unlessStopping { [client] in try await client.lease(request).jobs }
                    failures = 0
                } catch .refused(let answer) where answer.isFatal {
                    refusal = answer
                    break leasing
                } catch .cancelled {
                    break leasing
                } catch {
                    failures += 1
                    let delay = backoff.delay(afterFailures: failures)
                    logger.warning("lease failed; trying again", metadata: ["error": "\(error)", "in": "\(delay)"])
                    guard await pause(for: delay) else { break leasing }
                    continue
                }
                // A server that answers an empty lease at once (no long poll) must not make us spin.
                if jobs.isEmpty, clock.now - asked < .seconds(1) {
                    guard await pause(for: .seconds(1)) else { break }
                }
                running.update { $0 += jobs.count }
                for job in jobs {
                    group.addTask {
                        defer { running.update { $0 -= 1 } }
                        await runJob(job, into: outbox)
                    }
                }
            }
            await drain(running, group: &group)
            return refusal
        }
        if let refusal { throw refusal }
    }

    /// Waits for running checks up to the grace period, then cancels what is left.
    private func drain(_ running: Watched<Int>, group: inout DiscardingTaskGroup) async {
        let inFlight = running.value
        guard inFlight > 0 else { return }
        logger.info("stopping: waiting for running checks", metadata: [
            "checks": "\(inFlight)", "grace": "\(configuration.shutdownGrace)"])
        let idle = await withTaskGroup(of: Bool.self) { race in
            race.addTask { await running.wait { $0 == 0 } }
            race.addTask { [grace = configuration.shutdownGrace] in
                try? await Task.sleep(for: grace)
                return false
            }
            let first = await race.next() ?? false
            race.cancelAll()
            return first
        }
        if !idle, running.value > 0 {
            logger.warning("stopping: abandoning checks still running; their leases will expire on the server",
                           metadata: ["checks": "\(running.value)"])
            group.cancelAll()
        }
    }

    private func runJob(_ job: LeasedJob, into outbox: ResultOutbox) async {
        let metadata: Logger.Metadata = ["lease": "\(job.lease)", "monitor": "\(job.monitorName)"]
        switch await LeasedCheck.run(job, prober: prober, identity: identity) {
        case .signed(let result):
            outbox.add(result)
        case .rejected(let reason):
            logger.error("cannot run this check; not posting, the lease will expire",
                         metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
        case .expired:
            logger.warning("lease expired before the check could start; if this repeats, check this host's clock",
                           metadata: metadata)
        case .abandoned:
            logger.debug("check abandoned at shutdown before it started", metadata: metadata)
        case .unsigned(let reason):
            logger.error("cannot sign the result", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
        }
    }
}
