public import struct Foundation.Date

/// The shared job queue on one SQLite file. Every write is one `BEGIN IMMEDIATE` transaction, so claims (from
/// this process or another on the same file) are serialized and never hand one job out twice.
extension SQLiteStore {
    public func enqueueJobs(_ jobs: [SharedJob]) async throws -> Int {
        guard !jobs.isEmpty else { return 0 }
        let rows = try StoredJob.batch(jobs)
        let createdMs = Date().epochMilliseconds
        return try await write { db in
            try rows.reduce(0) { added, row in
                let job = row.job
                return added + (try db.execute(JobSQL.insert, [
                    .text(job.id), .text(job.monitorID), .text(job.monitorName), .text(job.role.rawValue),
                    .integer(Int64(job.episode)), .integer(job.dueMs), .integer(Int64(row.slot)),
                    .integer(job.notBeforeMs), .text(row.region), .integer(job.pickupByMs), .integer(job.budgetMs),
                    .text(row.check), .integer(createdMs),
                ]))
            }
        }
    }

    public func claimJobs(region: String?, claimant: String, limit: Int, now: Date, leaseSlack: Duration) async throws
        -> [ClaimedJob] {
        guard limit > 0 else { return [] }
        let nowMs = now.epochMilliseconds
        let values: [SQLValue] = [.text(StoredJob.region(region)), .integer(nowMs), .integer(Int64(limit))]
        return try await write { db in
            let claims = try db.query(JobSQL.claimable, values, Self.job).map { job in
                job.claim(by: claimant, nowMs: nowMs, slack: leaseSlack)
            }
            for claim in claims {
                try db.execute(JobSQL.lease, [.text(claimant), .text(claim.lease), .integer(claim.leaseExpiresMs),
                                              .text(claim.job.id)])
            }
            return claims
        }
    }

    public func completeJobs(_ posts: [JobResultPost], now: Date) async throws -> [JobCompletion] {
        guard !posts.isEmpty else { return [] }
        let texts = try posts.map { try StoredJob.text($0.result, what: "the result for lease \($0.lease)") }
        let nowMs = now.epochMilliseconds
        return try await write { db in
            try zip(posts, texts).map { post, text in
                guard let held = try db.queryFirst(JobSQL.byLease, [.text(post.lease)], Self.lease) else {
                    let expired = try db.queryFirst(JobSQL.byExpiredLease, [.text(post.lease)]) { try $0.int64(0) }
                    return expired == nil ? .unknownLease : .expired
                }
                if let refusal = held.refusal(of: post, nowMs: nowMs) { return refusal }
                try db.execute(JobSQL.complete, [.text(text), .integer(nowMs), .text(held.job.id)])
                return .accepted(held.job)
            }
        }
    }

    public func completedJobs(limit: Int) async throws -> [CompletedJob] {
        guard limit > 0 else { return [] }
        return try await read { db in
            try db.query(JobSQL.completed, [.integer(Int64(limit))]) { row in
                CompletedJob(job: try Self.job(row), claimant: try row.text(12), result: Array(try row.data(13)),
                             completedMs: try row.int64(14))
            }
        }
    }

    public func deleteJobs(ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        try await write { db in
            for id in ids { try db.execute(JobSQL.delete, [.text(id)]) }
        }
    }

    public func requeueOverdueJobs(now: Date) async throws -> Int {
        let nowMs = now.epochMilliseconds
        return try await write { db in
            try db.execute(JobSQL.unclaimedRegional, [.integer(nowMs)])
                + db.execute(JobSQL.expiredLeases, [.integer(nowMs)])
        }
    }

    public func jobCounts() async throws -> JobCounts {
        try await read { db in
            try JobCounts(states: try db.query(JobSQL.counts, []) { row in (try row.text(0), try row.int64(1)) })
        }
    }

    private static func job(_ row: SQLiteRow) throws -> SharedJob {
        try SharedJob(storedID: try row.text(0), monitorID: try row.text(1), monitorName: try row.text(2),
                      role: try row.text(3), episode: try row.int64(4), dueMs: try row.int64(5), slot: try row.int64(6),
                      notBeforeMs: try row.int64(7), region: try row.text(8), pickupByMs: try row.int64(9),
                      budgetMs: try row.int64(10), check: try row.text(11))
    }

    private static func lease(_ row: SQLiteRow) throws -> StoredLease {
        StoredLease(job: try job(row), state: try row.text(12), claimant: try row.optionalText(13),
                    expiresMs: row.optionalInt64(14))
    }
}

private enum JobSQL {
    static let insert = """
        INSERT INTO check_jobs (id, monitor_id, monitor_name, role, episode, due_ms, slot, not_before_ms, region,
            pickup_by_ms, budget_ms, check_spec, state, created_ms)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)
        ON CONFLICT DO NOTHING
        """
    static let claimable = """
        SELECT \(JobColumns.job) FROM check_jobs
        WHERE state = 'queued' AND region = ? AND not_before_ms <= ?
        ORDER BY not_before_ms, id LIMIT ?
        """
    static let lease = """
        UPDATE check_jobs SET state = 'leased', claimant = ?, lease_id = ?, lease_expires_ms = ? WHERE id = ?
        """
    static let byLease = "SELECT \(JobColumns.job), state, claimant, lease_expires_ms FROM check_jobs WHERE lease_id = ?"
    static let byExpiredLease = "SELECT 1 FROM check_jobs WHERE expired_lease_id = ? LIMIT 1"
    static let complete = "UPDATE check_jobs SET state = 'done', result = ?, completed_ms = ? WHERE id = ?"
    static let completed = """
        SELECT \(JobColumns.job), claimant, result, completed_ms FROM check_jobs WHERE state = 'done'
        ORDER BY completed_ms, id LIMIT ?
        """
    static let delete = "DELETE FROM check_jobs WHERE id = ?"
    static let unclaimedRegional = """
        UPDATE check_jobs SET region = '' WHERE state = 'queued' AND region <> '' AND pickup_by_ms < ?
        """
    static let expiredLeases = """
        UPDATE check_jobs SET state = 'queued', region = '', claimant = NULL, expired_lease_id = lease_id,
            lease_id = NULL, lease_expires_ms = NULL
        WHERE state = 'leased' AND lease_expires_ms < ?
        """
    static let counts = "SELECT state, COUNT(*) FROM check_jobs GROUP BY state"
}
