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

    public func claimedJob(lease: String) async throws -> ClaimedJob? {
        try await read { session in
            try await session.first("""
                SELECT \(unescaped: JobColumns.job), claimant, lease_expires_ms FROM check_jobs
                WHERE lease_id = \(lease) AND state = 'leased'
                """) { row in
                let extra = row.makeRandomAccess()
                let at = JobColumns.count
                return ClaimedJob(job: try JobRow.job(row), lease: lease, claimant: try extra[at].decode(String.self),
                                  leaseExpiresMs: try extra[at + 1].decode(Int64.self))
            }
        }
    }

    /// The job's row is locked while the lease is judged: a requeue at the same moment either waits and finds the
    /// job done, or goes first and this result finds its lease taken back.
    public func completeJob(lease: String, claimant: String, result: [UInt8], now: Date) async throws -> JobCompletion {
        let text = try StoredJob.text(result, what: "the result for lease \(lease)")
        let nowMs = now.epochMilliseconds
        return try await write { session in
            let query: PostgresQuery = """
                SELECT \(unescaped: JobColumns.job), state, claimant, lease_expires_ms FROM check_jobs
                WHERE lease_id = \(lease) FOR UPDATE
                """
            guard let held = try await session.first(query, JobRow.lease) else {
                let expired = try await session.first("""
                    SELECT id FROM check_jobs WHERE expired_lease_id = \(lease) LIMIT 1
                    """) { try $0.decode(String.self) }
                return expired == nil ? .unknownLease : .expired
            }
            if let refusal = held.refusal(claimant: claimant, nowMs: nowMs) { return refusal }
            try await session.execute("""
                UPDATE check_jobs SET state = 'done', result = \(text), completed_ms = \(nowMs) WHERE id = \(held.job.id)
                """)
            return .accepted(held.job)
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
