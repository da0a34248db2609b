public import struct Foundation.Date
import PostgresNIO

/// The shared job queue in PostgreSQL, where several replicas (each its own process and pool) claim at once.
/// Row locks keep them apart: a claim locks the rows it takes and skips rows another claim has locked, a result
/// locks its job's row, and the unique key makes one job of a check however many schedulers enqueue it.
extension PostgresStore {
    /// One statement for the whole batch (arrays unnested), so a tick's jobs cost one round trip; rows go in in
    /// `StoredJob.batch`'s order.
    public func enqueueJobs(_ jobs: [SharedJob]) async throws -> Int {
        guard !jobs.isEmpty else { return 0 }
        let rows = try StoredJob.batch(jobs)
        let createdMs = Date().epochMilliseconds
        let inserted = try await write { session in
            try await session.rows("""
                INSERT INTO check_jobs (id, monitor_id, monitor_name, role, episode, due_ms, slot, not_before_ms,
                    region, pickup_by_ms, budget_ms, check_spec, state, created_ms)
                SELECT \(unescaped: JobColumns.job), 'queued', \(createdMs)
                FROM unnest(\(rows.map(\.job.id)), \(rows.map(\.job.monitorID)), \(rows.map(\.job.monitorName)),
                    \(rows.map(\.job.role.rawValue)), \(rows.map { Int64($0.job.episode) }), \(rows.map(\.job.dueMs)),
                    \(rows.map(\.slot)), \(rows.map(\.job.notBeforeMs)), \(rows.map(\.region)),
                    \(rows.map(\.job.pickupByMs)), \(rows.map(\.job.budgetMs)), \(rows.map(\.check)))
                    WITH ORDINALITY AS j (\(unescaped: JobColumns.job), n)
                ORDER BY n
                ON CONFLICT DO NOTHING
                RETURNING id
                """) { try $0.decode(String.self) }
        }
        return inserted.count
    }

    /// `FOR UPDATE SKIP LOCKED`: of claimers racing for the same jobs, each takes rows no other has locked; a row
    /// another claim leased meanwhile no longer matches `state = 'queued'` when PostgreSQL rechecks it.
    public func claimJobs(region: String?, claimant: String, limit: Int, now: Date, leaseSlack: Duration) async throws
        -> [ClaimedJob] {
        guard limit > 0 else { return [] }
        let nowMs = now.epochMilliseconds
        let stored = StoredJob.region(region)
        return try await write { session in
            let claims = try await session.rows("""
                SELECT \(unescaped: JobColumns.job) FROM check_jobs
                WHERE state = 'queued' AND region = \(stored) AND not_before_ms <= \(nowMs)
                ORDER BY not_before_ms, id LIMIT \(Int64(limit))
                FOR UPDATE SKIP LOCKED
                """, JobRow.job).map { job in job.claim(by: claimant, nowMs: nowMs, slack: leaseSlack) }
            guard !claims.isEmpty else { return [] }
            try await session.execute("""
                UPDATE check_jobs AS j SET state = 'leased', claimant = \(claimant), lease_id = c.lease,
                    lease_expires_ms = c.expires
                FROM unnest(\(claims.map(\.job.id)), \(claims.map(\.lease)), \(claims.map(\.leaseExpiresMs)))
                    AS c (id, lease, expires)
                WHERE j.id = c.id
                """)
            return claims
        }
    }

    /// The posted leases' rows are locked while they are judged: a requeue at the same moment either waits and
    /// finds the jobs done, or goes first and these results find their leases taken back. Three statements
    /// whatever the batch's size, and one commit.
    public func completeJobs(_ posts: [JobResultPost], now: Date) async throws -> [JobCompletion] {
        guard !posts.isEmpty else { return [] }
        let texts = try posts.map { try StoredJob.text($0.result, what: "the result for lease \($0.lease)") }
        let nowMs = now.epochMilliseconds
        let leases = posts.map(\.lease)
        return try await write { session in
            var held: [String: StoredLease] = [:]
            for (lease, stored) in try await session.rows("""
                SELECT \(unescaped: JobColumns.job), state, claimant, lease_expires_ms, lease_id FROM check_jobs
                WHERE lease_id = ANY(\(leases)) ORDER BY id FOR UPDATE
                """, { row in (try row.makeRandomAccess()[JobColumns.count + 3].decode(String.self), try JobRow.lease(row)) }) {
                held[lease] = stored
            }
            let missing = leases.filter { held[$0] == nil }
            var expired: Set<String> = []
            if !missing.isEmpty {
                expired = Set(try await session.rows("""
                    SELECT expired_lease_id FROM check_jobs WHERE expired_lease_id = ANY(\(missing))
                    """) { try $0.decode(String.self) })
            }
            var answers: [JobCompletion] = []
            var done: (ids: [String], results: [String]) = ([], [])
            for (post, text) in zip(posts, texts) {
                guard let stored = held[post.lease] else {
                    answers.append(expired.contains(post.lease) ? .expired : .unknownLease)
                    continue
                }
                if let refusal = stored.refusal(of: post, nowMs: nowMs) {
                    answers.append(refusal)
                    continue
                }
                // The same lease twice in one batch: the second finds the first's result in.
                held[post.lease] = StoredLease(job: stored.job, state: JobState.done.rawValue, claimant: stored.claimant,
                                               expiresMs: stored.expiresMs)
                done.ids.append(stored.job.id)
                done.results.append(text)
                answers.append(.accepted(stored.job))
            }
            if !done.ids.isEmpty {
                try await session.execute("""
                    UPDATE check_jobs AS j SET state = 'done', result = c.result, completed_ms = \(nowMs)
                    FROM unnest(\(done.ids), \(done.results)) AS c (id, result)
                    WHERE j.id = c.id
                    """)
            }
            return answers
        }
    }

    public func completedJobs(limit: Int) async throws -> [CompletedJob] {
        guard limit > 0 else { return [] }
        return try await read { session in
            try await session.rows("""
                SELECT \(unescaped: JobColumns.job), claimant, result, completed_ms FROM check_jobs
                WHERE state = 'done' ORDER BY completed_ms, id LIMIT \(Int64(limit))
                """, JobRow.completed)
        }
    }

    public func deleteJobs(ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        try await write { session in
            try await session.execute("DELETE FROM check_jobs WHERE id = ANY(\(ids))")
        }
    }

    public func requeueOverdueJobs(now: Date) async throws -> Int {
        let nowMs = now.epochMilliseconds
        return try await write { session in
            let unclaimed = try await session.rows("""
                UPDATE check_jobs SET region = '' WHERE state = 'queued' AND region <> '' AND pickup_by_ms < \(nowMs)
                RETURNING id
                """) { try $0.decode(String.self) }
            let expired = try await session.rows("""
                UPDATE check_jobs SET state = 'queued', region = '', claimant = NULL, expired_lease_id = lease_id,
                    lease_id = NULL, lease_expires_ms = NULL
                WHERE state = 'leased' AND lease_expires_ms < \(nowMs)
                RETURNING id
                """) { try $0.decode(String.self) }
            return unclaimed.count + expired.count
        }
    }

    public func jobCounts() async throws -> JobCounts {
        try await read { session in
            try JobCounts(states: try await session.rows("SELECT state, COUNT(*) FROM check_jobs GROUP BY state") { row in
                let (state, count) = try row.decode((String, Int64).self)
                return (state, count)
            })
        }
    }
}

/// Job rows: `JobColumns.job` first, then what a query adds after them.
private enum JobRow {
    static func job(_ row: PostgresRow) throws -> SharedJob {
        let (id, monitorID, monitorName, role, episode, dueMs, slot, notBeforeMs, region, pickupByMs, budgetMs, check) =
            try row.decode((String, String, String, String, Int64, Int64, Int64, Int64, String, Int64, Int64, String).self)
        return try SharedJob(storedID: id, monitorID: monitorID, monitorName: monitorName, role: role, episode: episode,
                             dueMs: dueMs, slot: slot, notBeforeMs: notBeforeMs, region: region, pickupByMs: pickupByMs,
                             budgetMs: budgetMs, check: check)
    }

    static func lease(_ row: PostgresRow) throws -> StoredLease {
        let extra = row.makeRandomAccess()
        let at = JobColumns.count
        return StoredLease(job: try job(row), state: try extra[at].decode(String.self),
                           claimant: try extra[at + 1].decode(String?.self),
                           expiresMs: try extra[at + 2].decode(Int64?.self))
    }

    static func completed(_ row: PostgresRow) throws -> CompletedJob {
        let extra = row.makeRandomAccess()
        let at = JobColumns.count
        return CompletedJob(job: try job(row), claimant: try extra[at].decode(String.self),
                            result: Array(try extra[at + 1].decode(String.self).utf8),
                            completedMs: try extra[at + 2].decode(Int64.self))
    }
}
