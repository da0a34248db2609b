import TrustMonitorCore

/// A job's `state` column. With the rest of this file, what both backends share about `check_jobs` rows, so they
/// store, lease and judge results alike: only their statements differ.
enum JobState: String {
    case queued, leased, done
}

/// The `check_jobs` columns a job is read from, in `SharedJob.init(stored…)`'s order; queries append what else
/// they need after them.
enum JobColumns {
    static let job = """
        id, monitor_id, monitor_name, role, episode, due_ms, slot, not_before_ms, region, pickup_by_ms, budget_ms, \
        check_spec
        """
    static let count = 12
}

/// A job's values as its columns hold them, refused up front when they could not come back exactly as given, so
/// both backends accept and refuse the same jobs.
struct StoredJob {
    let job: SharedJob
    /// '' for nil: a plain equality, which the claim index serves, then matches the replicas' own jobs.
    let region: String
    let slot: Int32
    let check: String

    init(_ job: SharedJob) throws {
        if job.region == "" {
            throw StoreError.invalid("job \(job.id) has an empty region name; nil means the replicas' own probes")
        }
        guard let slot = Int32(exactly: job.slot) else {
            throw StoreError.invalid("job \(job.id) has slot \(job.slot), outside the stored 32-bit range")
        }
        self.job = job
        self.region = StoredJob.region(job.region)
        self.slot = slot
        self.check = try StoredJob.text(job.check, what: "job \(job.id)'s check")
    }

    /// A batch checked and put in key order, the one order every replica inserts in: PostgreSQL makes an insert
    /// wait for another transaction's uncommitted row with the same key, so batches that share keys in different
    /// orders could each wait for the other (a deadlock). Equal keys keep their batch order, so the first wins.
    static func batch(_ jobs: [SharedJob]) throws -> [StoredJob] {
        try jobs.enumerated().sorted { a, b in
            (a.element.monitorID, a.element.role.rawValue, a.element.dueMs, a.element.slot, a.offset)
                < (b.element.monitorID, b.element.role.rawValue, b.element.dueMs, b.element.slot, b.offset)
        }.map { try StoredJob($0.element) }
    }

    static func region(_ region: String?) -> String { region ?? "" }

    /// JSON bytes kept as `TEXT`: only UTF-8 that decodes back to the very same bytes (PostgreSQL's text holds no
    /// NUL), so what a claimer posted is what the deciding replica reads.
    static func text(_ bytes: [UInt8], what: String) throws -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard !bytes.contains(0), text.utf8.elementsEqual(bytes) else {
            throw StoreError.invalid("\(what) is not UTF-8 text without NUL bytes")
        }
        return text
    }
}

extension SharedJob {
    /// A job read back from its columns (`JobColumns.job`).
    init(storedID id: String, monitorID: String, monitorName: String, role rawRole: String, episode: Int64,
         dueMs: Int64, slot: Int64, notBeforeMs: Int64, region: String, pickupByMs: Int64, budgetMs: Int64,
         check: String) throws {
        guard let role = ProbeVerdict.Role(rawValue: rawRole) else {
            throw StoreError.corrupt("job \(id) has unknown role \(rawRole)")
        }
        self.init(id: id, monitorID: monitorID, monitorName: monitorName, role: role, episode: Int(episode),
                  dueMs: dueMs, slot: Int(slot), notBeforeMs: notBeforeMs, region: region.isEmpty ? nil : region,
                  pickupByMs: pickupByMs, budgetMs: budgetMs, check: Array(check.utf8))
    }

    /// This job handed to `claimant` under a new lease, which lasts the job's whole budget from when it may
    /// start (not from now: a job claimed early waits for its `notBefore` first) plus `slack`.
    func claim(by claimant: String, nowMs: Int64, slack: Duration) -> ClaimedJob {
        ClaimedJob(job: self, lease: LeaseID.make(), claimant: claimant,
                   leaseExpiresMs: max(notBeforeMs, nowMs) + budgetMs + slack.milliseconds)
    }
}

/// A claim as stored, found by its lease id when a result is posted for it.
struct StoredLease {
    let job: SharedJob
    let state: String
    let claimant: String?
    let expiresMs: Int64?

    /// Why a result under this lease cannot be kept, or nil when it can: once, from its claimant, in time. A lease
    /// still found after its job is done had its result in already; a requeue takes the lease off the job.
    func refusal(claimant poster: String, nowMs: Int64) -> JobCompletion? {
        guard state == JobState.leased.rawValue else { return .unknownLease }
        guard claimant == poster else { return .otherClaimant }
        guard let expiresMs, nowMs <= expiresMs else { return .expired }
        return nil
    }

    /// `refusal`, and a result for another monitor or role than this job's.
    func refusal(of post: JobResultPost, nowMs: Int64) -> JobCompletion? {
        if let refusal = refusal(claimant: post.claimant, nowMs: nowMs) { return refusal }
        if let monitor = post.monitorID, monitor != job.monitorID { return .mismatch(job) }
        if let role = post.role, role != job.role { return .mismatch(job) }
        return nil
    }
}

/// Lease ids: `lse_` and 24 random hex digits, new for every claim, so a result redeems one claim only.
enum LeaseID {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let high: UInt64 = generator.next()
        let low = generator.next() & 0xFFFF_FFFF
        return "lse_" + hex(high, digits: 16) + hex(low, digits: 8)
    }

    private static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: digits - text.count) + text
    }
}

extension JobCounts {
    /// Counts from `SELECT state, COUNT(*) … GROUP BY state`; a state missing from the rows has no jobs.
    init(states: [(state: String, count: Int64)]) throws {
        self.init(queued: 0, leased: 0, done: 0)
        for (state, count) in states {
            switch JobState(rawValue: state) {
            case .queued: queued = Int(count)
            case .leased: leased = Int(count)
            case .done: done = Int(count)
            case nil: throw StoreError.corrupt("jobs in unknown state \(state)")
            }
        }
    }
}
