import DequeModule
public import struct Foundation.Date
public import TrustMonitorAgentProtocol
import TrustMonitorCore
public import TrustMonitorStore

/// The remote probe agents as the scheduler sees them: who is online in which region, the jobs waiting
/// for each region, and the jobs leased out.
///
/// Time has one owner per job: a job waits at most `pickupTime` for an agent of its region to take it,
/// and a leased job is the agent's until its lease expires (the check's own budget plus `leaseSlack`).
/// Either way an unfinished job goes back to the server's own probes (`fallback`), so a dead agent never
/// holds a check, and its result, if it comes later, is refused as expired.
public actor RemoteProbes {
    struct Agent {
        var record: ProbeRecord
        var lastSeen: ContinuousClock.Instant
    }

    struct Pending {
        var assignment: RemoteAssignment
        var submitted: ContinuousClock.Instant
        var pickupBy: ContinuousClock.Instant
    }

    /// A job handed to an agent, until its result arrives or its lease expires.
    public struct Lease: Sendable {
        public let id: String
        public let assignment: RemoteAssignment
        public let probeID: String
        let expires: ContinuousClock.Instant
    }

    struct Waiter {
        let id: Int
        let probeID: String
        let continuation: CheckedContinuation<[LeasedJob], Never>
    }

    let clock = ContinuousClock()
    let fallback: JobQueue
    nonisolated public let offlineAfter: Duration
    nonisolated public let pickupTime: Duration
    nonisolated public let leaseSlack: Duration
    private var agents: [String: Agent] = [:]
    private var pending: [String: Deque<Pending>] = [:]
    private var leases: [String: Lease] = [:]
    private var waiters: [String: [Waiter]] = [:]
    private var nextWaiterID = 0
    /// Set on shutdown: long polls end at once and no new ones wait.
    public private(set) var isClosed = false
    private var results: [String: (results: Int, down: Int, last: Date?)] = [:]
    /// How long jobs waited between being queued for a region and being leased by one of its agents.
    public private(set) var leaseWait = LagRecorder()

    public init(fallback: JobQueue, offlineAfter: Duration = .seconds(30), pickupTime: Duration = .seconds(5),
                leaseSlack: Duration = .seconds(10)) {
        self.fallback = fallback
        self.offlineAfter = offlineAfter
        self.pickupTime = pickupTime
        self.leaseSlack = leaseSlack
    }

    /// Notes an authenticated call from the agent: it is online, with its latest impaired flag.
    public func seen(_ probe: ProbeRecord) {
        agents[probe.id] = Agent(record: probe, lastSeen: clock.now)
    }

    /// Regions with at least one online agent whose canary holds, sorted; `excluding` is left out.
    /// Takes the agents' heartbeats as the store has them: with replicas sharing a queue, an agent may talk to
    /// another replica, and its heartbeats there are what says it is online and whether its canary holds.
    public func refresh(from records: [ProbeRecord], now: Date) {
        let instant = clock.now
        for record in records {
            guard let heartbeat = record.lastHeartbeat else { continue }
            let seen = instant - .milliseconds(Int64(max(0, now.timeIntervalSince(heartbeat)) * 1000))
            if let known = agents[record.id], known.lastSeen > seen {
                agents[record.id] = Agent(record: record, lastSeen: known.lastSeen)
            } else {
                agents[record.id] = Agent(record: record, lastSeen: seen)
            }
        }
    }

    /// Jobs that waited (since their start time) for an agent of their region, as the shared queue sees them.
    public func recordLeaseWait(_ wait: Duration) { leaseWait.record(max(.zero, wait)) }

    public func votingRegions(excluding: String? = nil) -> [String] {
        let now = clock.now
        let regions = agents.values.filter { now - $0.lastSeen < offlineAfter && !$0.record.impaired }.map(\.record.region)
        return Set(regions).subtracting(excluding.map { [$0] } ?? []).sorted()
    }

    public func isOnline(_ probeID: String) -> Bool {
        agents[probeID].map { clock.now - $0.lastSeen < offlineAfter } ?? false
    }

    /// Queues the job for an agent of `region`: handed at once to one waiting, else kept until one asks or
    /// `pickupTime` passes.
    public func submit(_ assignment: RemoteAssignment, region: String) {
        if var regional = waiters[region], !regional.isEmpty {
            let waiter = regional.removeFirst()
            waiters[region] = regional
            leaseWait.record(.zero)
            waiter.continuation.resume(returning: [lease(assignment, to: waiter.probeID)])
            return
        }
        let now = clock.now
        pending[region, default: []].append(Pending(assignment: assignment, submitted: now, pickupBy: now + pickupTime))
    }

    /// Up to `max` jobs for the agent's region, waiting up to `wait` for the first.
    public func lease(for probe: ProbeRecord, max: Int, wait: Duration) async -> [LeasedJob] {
        seen(probe)
        var jobs: [LeasedJob] = []
        while jobs.count < max, let next = pending[probe.region]?.popFirst() {
            leaseWait.record(clock.now - next.submitted)
            jobs.append(lease(next.assignment, to: probe.id))
        }
        guard jobs.isEmpty, wait > .zero, !isClosed else { return jobs }
        nextWaiterID += 1
        let id = nextWaiterID
        let region = probe.region
        return await withCheckedContinuation { continuation in
            waiters[region, default: []].append(Waiter(id: id, probeID: probe.id, continuation: continuation))
            Task { [weak self] in
                try? await Task.sleep(for: wait)
                await self?.endWait(id: id, region: region)
            }
        }
    }

    private func endWait(id: Int, region: String) {
        guard var regional = waiters[region], let index = regional.firstIndex(where: { $0.id == id }) else { return }
        let waiter = regional.remove(at: index)
        waiters[region] = regional
        waiter.continuation.resume(returning: [])
    }

    private func lease(_ assignment: RemoteAssignment, to probeID: String) -> LeasedJob {
        let id = Identifiers.make("lse")
        let now = clock.now
        let notBefore = max(assignment.job.notBefore, now)
        let expires = notBefore + assignment.definition.request.effectiveBudget + leaseSlack
        leases[id] = Lease(id: id, assignment: assignment, probeID: probeID, expires: expires)
        let wall = Date()
        func date(_ instant: ContinuousClock.Instant) -> Date { wall.addingTimeInterval((instant - now).seconds) }
        return LeasedJob(lease: id, monitor: assignment.job.monitorID, monitorName: assignment.definition.name,
                         role: assignment.job.role, check: assignment.spec, notBefore: date(notBefore),
                         expiresAt: date(expires))
    }

    /// Takes the lease back for its result: nil when it is unknown, another probe's, or expired (its job
    /// has gone to another probe), so each lease yields at most one accepted result.
    public func redeem(_ leaseID: String, by probeID: String) -> Lease? {
        guard let lease = leases[leaseID], lease.probeID == probeID, clock.now <= lease.expires else { return nil }
        leases[leaseID] = nil
        return lease
    }

    /// Why a lease cannot be redeemed, for the agent's receipt.
    public func refusal(_ leaseID: String, by probeID: String) -> String {
        guard let lease = leases[leaseID] else { return "unknown lease (already used, expired, or never issued)" }
        return lease.probeID == probeID ? "lease expired; the job went to another probe" : "lease belongs to another probe"
    }

    /// Sends every job no agent took in time, and every expired lease, to the server's own probes.
    public func sweep() async {
        let now = clock.now
        var late: [CheckJob] = []
        for (region, queue) in pending {
            let (expired, kept) = (queue.filter { $0.pickupBy < now }, queue.filter { $0.pickupBy >= now })
            late += expired.map(\.assignment.job)
            pending[region] = Deque(kept)
        }
        for (id, lease) in leases where lease.expires < now {
            leases[id] = nil
            late.append(lease.assignment.job)
        }
        for job in late { await fallback.enqueue(job) }
    }

    /// Ends every long poll at once and refuses new waits: the server is stopping, and agents should hear so
    /// now rather than when their wait runs out.
    public func close() {
        isClosed = true
        for (_, regional) in waiters {
            for waiter in regional { waiter.continuation.resume(returning: []) }
        }
        waiters = [:]
    }

    /// Counts an accepted result, for the probe list (since the server started).
    public func recordResult(probeID: String, up: Bool) {
        var stats = results[probeID] ?? (0, 0, nil)
        stats.results += 1
        if !up { stats.down += 1 }
        stats.last = Date()
        results[probeID] = stats
    }

    public func stats(probeID: String) -> (results: Int, down: Int, last: Date?) { results[probeID] ?? (0, 0, nil) }

    /// Jobs waiting for an agent, and jobs leased out, for the metrics.
    public var depth: (pending: Int, leased: Int) { (pending.values.map(\.count).reduce(0, +), leases.count) }
}

/// A job as it goes to a remote probe: the job, the monitor as defined when it was queued, and its check
/// in wire form.
public struct RemoteAssignment: Sendable {
    public let job: CheckJob
    public let definition: MonitorDefinition
    public let spec: CheckSpec

    public init(job: CheckJob, definition: MonitorDefinition, spec: CheckSpec) {
        self.job = job
        self.definition = definition
        self.spec = spec
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
