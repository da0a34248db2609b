public import TrustMonitorCore

/// A check job in the queue that server replicas share through the store (`check_jobs`).
///
/// The active replica schedules and decides; every replica's own probes, and every agent through whichever
/// replica it talks to, claim jobs from here, so checks go on while any replica is up and a dead claimer's
/// jobs come back when its lease runs out. Times are Unix milliseconds: replicas share no clock but the wall.
public struct SharedJob: Sendable, Equatable {
    public var id: String
    public var monitorID: String
    public var monitorName: String
    public var role: ProbeVerdict.Role
    /// The episode a verification belongs to (primaries carry the monitor's current one).
    public var episode: Int
    /// When the scheduler wanted it run: for a primary, a point on the monitor's fixed grid of due times, so
    /// two schedulers (a replica taking over) name the same check the same way.
    public var dueMs: Int64
    /// Which of several jobs of one request this is (a verification asks several probes at once).
    public var slot: Int
    public var notBeforeMs: Int64
    /// Agents of this region take it; nil: any replica's own probe.
    public var region: String?
    /// A regional job no agent claimed by then goes to the replicas' own probes (region set to nil).
    public var pickupByMs: Int64
    /// The check's whole time budget; a lease lasts from `max(notBefore, now)` for this plus the slack.
    public var budgetMs: Int64
    /// The check in wire form (CheckSpec JSON), so any replica or agent can run it.
    public var check: [UInt8]

    public init(id: String, monitorID: String, monitorName: String, role: ProbeVerdict.Role, episode: Int,
                dueMs: Int64, slot: Int, notBeforeMs: Int64, region: String?, pickupByMs: Int64, budgetMs: Int64,
                check: [UInt8]) {
        self.id = id
        self.monitorID = monitorID
        self.monitorName = monitorName
        self.role = role
        self.episode = episode
        self.dueMs = dueMs
        self.slot = slot
        self.notBeforeMs = notBeforeMs
        self.region = region
        self.pickupByMs = pickupByMs
        self.budgetMs = budgetMs
        self.check = check
    }
}

/// A job handed to one claimer, under a lease id that is new for every claim: a result redeems exactly the
/// claim it was made under, once.
public struct ClaimedJob: Sendable, Equatable {
    public var job: SharedJob
    public var lease: String
    public var claimant: String
    public var leaseExpiresMs: Int64

    public init(job: SharedJob, lease: String, claimant: String, leaseExpiresMs: Int64) {
        self.job = job
        self.lease = lease
        self.claimant = claimant
        self.leaseExpiresMs = leaseExpiresMs
    }
}

/// A job whose result is in, waiting for the active replica to decide on it.
public struct CompletedJob: Sendable, Equatable {
    public var job: SharedJob
    public var claimant: String
    /// What the claimer posted, as it posted it (the engine's result JSON).
    public var result: [UInt8]
    public var completedMs: Int64

    public init(job: SharedJob, claimant: String, result: [UInt8], completedMs: Int64) {
        self.job = job
        self.claimant = claimant
        self.result = result
        self.completedMs = completedMs
    }
}

/// A result posted under a lease, for `Store.completeJobs`.
public struct JobResultPost: Sendable, Equatable {
    public var lease: String
    public var claimant: String
    /// What the claimer posted (the engine's result JSON), kept as it is.
    public var result: [UInt8]
    /// What the poster says the result is for (an agent signs it): another monitor or role than the lease's
    /// job is `.mismatch`, and the lease still holds for the right result.
    public var monitorID: String?
    public var role: ProbeVerdict.Role?

    public init(lease: String, claimant: String, result: [UInt8], monitorID: String? = nil,
                role: ProbeVerdict.Role? = nil) {
        self.lease = lease
        self.claimant = claimant
        self.result = result
        self.monitorID = monitorID
        self.role = role
    }
}

/// What became of a posted result.
public enum JobCompletion: Sendable, Equatable {
    case accepted(SharedJob)
    /// The result names another monitor or role than its lease's job.
    case mismatch(SharedJob)
    /// No claim has this lease id: never issued, or its result is already in.
    case unknownLease
    /// The lease is another claimer's.
    case otherClaimant
    /// The lease ran out; the job has gone (or will go) to another probe.
    case expired
}

/// How many jobs are where, for metrics and benchmarks.
public struct JobCounts: Sendable, Equatable {
    public var queued: Int
    public var leased: Int
    public var done: Int

    public init(queued: Int, leased: Int, done: Int) {
        self.queued = queued
        self.leased = leased
        self.done = done
    }
}
