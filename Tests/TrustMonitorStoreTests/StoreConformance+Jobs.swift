import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorStore

extension StoreConformance {
    /// One check is one job however often it is enqueued: in one batch, in later calls, and after it is done.
    func jobsEnqueueOncePerMonitorRoleDueAndSlot() async throws {
        try await withFreshStore { store in
            #expect(try await store.enqueueJobs([]) == 0)
            let first = JobFixture.job("job_1")
            let added = try await store.enqueueJobs([
                first, JobFixture.job("job_1_again"), JobFixture.job("job_2", slot: 1),
                JobFixture.job("job_3", role: .verification), JobFixture.job("job_4", due: 30_000),
                JobFixture.job("job_5", monitor: "mon_b"),
            ])
            #expect(added == 5, "the same key twice in one batch is one job")
            #expect(try await store.jobCounts() == JobCounts(queued: 5, leased: 0, done: 0))
            #expect(try await store.enqueueJobs([JobFixture.job("job_6"), JobFixture.job("job_7", slot: 1)]) == 0)
            #expect(try await store.enqueueJobs([JobFixture.job("job_8", slot: 2), JobFixture.job("job_9", slot: 1)]) == 1)

            let claims = try await store.claimJobs(region: nil, claimant: "r1", limit: 10, now: JobFixture.date(0),
                                                   leaseSlack: .seconds(5))
            #expect(claims.count == 6)
            for claim in claims {
                let completion = try await store.completeJob(lease: claim.lease, claimant: "r1", result: Array("{}".utf8),
                                                             now: JobFixture.date(1000))
                #expect(completion == .accepted(claim.job))
            }
            #expect(try await store.enqueueJobs([JobFixture.job("job_10")]) == 0, "a done job still holds its key")
            #expect(try await store.jobCounts() == JobCounts(queued: 0, leased: 0, done: 6))
            let queuedFirst = try #require(claims.first { $0.job.id == "job_1" })
            #expect(queuedFirst.job == first, "the first of two with one key is the one kept, every field as given")
        }
    }

    /// A claim takes due jobs of its region only, oldest `notBefore` first, up to its limit, each under a new lease
    /// that runs out a budget and the slack after now.
    func jobClaimsFollowRegionNotBeforeAndLimit() async throws {
        try await withFreshStore { store in
            _ = try await store.enqueueJobs([
                JobFixture.job("late", due: 1, notBefore: 10_000), JobFixture.job("early", due: 2, notBefore: 0),
                JobFixture.job("middle", due: 3, notBefore: 5_000), JobFixture.job("future", due: 4, notBefore: 60_000),
                JobFixture.job("eu", due: 5, notBefore: 0, region: "eu"),
                JobFixture.job("us", due: 6, notBefore: 0, region: "us"),
            ])
            let now = JobFixture.date(20_000)
            #expect(try await store.claimJobs(region: nil, claimant: "r1", limit: 0, now: now, leaseSlack: .zero).isEmpty)
            let claims = try await store.claimJobs(region: nil, claimant: "r1", limit: 2, now: now,
                                                   leaseSlack: .milliseconds(2_500))
            #expect(claims.map(\.job.id) == ["early", "middle"])
            for claim in claims {
                #expect(claim.lease.wholeMatch(of: /lse_[0-9a-f]{24}/) != nil, "lease \(claim.lease)")
                #expect(claim.claimant == "r1")
                #expect(claim.leaseExpiresMs == JobFixture.ms(20_000) + JobFixture.budgetMs + 2_500)
            }
            #expect(Set(claims.map(\.lease)).count == 2)

            let eu = try await store.claimJobs(region: "eu", claimant: "agent-eu", limit: 10, now: now, leaseSlack: .zero)
            #expect(eu.map(\.job.id) == ["eu"])
            #expect(eu.first?.job.region == "eu")
            let rest = try await store.claimJobs(region: nil, claimant: "r2", limit: 10, now: now, leaseSlack: .zero)
            #expect(rest.map(\.job.id) == ["late"], "the future job waits; claimed ones are not handed out again")
            #expect(try await store.claimJobs(region: "ap", claimant: "agent-ap", limit: 10, now: now,
                                              leaseSlack: .zero).isEmpty)
            #expect(try await store.jobCounts() == JobCounts(queued: 2, leased: 4, done: 0))

            let later = try await store.claimJobs(region: nil, claimant: "r2", limit: 10, now: JobFixture.date(60_000),
                                                  leaseSlack: .seconds(1))
            #expect(later.map(\.job.id) == ["future"])
            #expect(later.first?.leaseExpiresMs == JobFixture.ms(60_000) + JobFixture.budgetMs + 1_000)
        }
    }

    /// A result is kept once, from the claimant, while the lease holds, with its exact bytes.
    func jobResultsAreAcceptedOnceFromTheClaimantInTime() async throws {
        try await withFreshStore { store in
            _ = try await store.enqueueJobs([JobFixture.job("a", due: 1), JobFixture.job("b", due: 2),
                                             JobFixture.job("c", due: 3)])
            let claims = try await store.claimJobs(region: nil, claimant: "r1", limit: 3, now: JobFixture.date(0),
                                                   leaseSlack: .seconds(5))
            try #require(claims.count == 3)
            let (a, b, c) = (claims[0], claims[1], claims[2])
            let expiry = Date(timeIntervalSince1970: Double(a.leaseExpiresMs) / 1000)
            let result = Array(#"{"verdict":"down","note":"Zürich ✓ 🚦","n":[1,2.5]}"#.utf8)

            #expect(try await store.completeJob(lease: a.lease, claimant: "r2", result: result, now: expiry) == .otherClaimant)
            #expect(try await store.completeJob(lease: "lse_000000000000000000000000", claimant: "r1", result: result,
                                                now: expiry) == .unknownLease)
            #expect(try await store.completeJob(lease: c.lease, claimant: "r1", result: result,
                                                now: expiry.addingTimeInterval(0.001)) == .expired)
            #expect(try await store.completeJob(lease: a.lease, claimant: "r1", result: result, now: expiry)
                == .accepted(a.job), "the last millisecond of the lease still counts")
            #expect(try await store.completeJob(lease: a.lease, claimant: "r1", result: result, now: expiry) == .unknownLease,
                    "a lease is redeemed once")
            #expect(try await store.completeJob(lease: b.lease, claimant: "r1", result: Array("{}".utf8),
                                                now: JobFixture.date(1_000)) == .accepted(b.job))
            #expect(try await store.jobCounts() == JobCounts(queued: 0, leased: 1, done: 2))

            let done = try await store.completedJobs(limit: 10)
            #expect(done == [
                CompletedJob(job: b.job, claimant: "r1", result: Array("{}".utf8), completedMs: JobFixture.ms(1_000)),
                CompletedJob(job: a.job, claimant: "r1", result: result, completedMs: a.leaseExpiresMs),
            ], "oldest result first, bytes as posted")
            #expect(try await store.completedJobs(limit: 1).map(\.job.id) == ["b"])
            #expect(try await store.completedJobs(limit: 0).isEmpty)
            #expect(try await store.completedJobs(limit: 10) == done, "reading does not take them away")
        }
    }

    /// Values that could not come back as given are refused, on every backend alike.
    func jobsRefuseValuesThatWouldNotRoundTrip() async throws {
        try await withFreshStore { store in
            await #expect(throws: StoreError.self) { try await store.enqueueJobs([JobFixture.job("x", region: "")]) }
            await #expect(throws: StoreError.self) {
                try await store.enqueueJobs([JobFixture.job("x", check: [0x7B, 0xFF, 0x7D])])
            }
            await #expect(throws: StoreError.self) { try await store.enqueueJobs([JobFixture.job("x", check: [0x7B, 0, 0x7D])]) }
            await #expect(throws: StoreError.self) {
                try await store.enqueueJobs([JobFixture.job("ok", due: 1), JobFixture.job("x", due: 2, slot: Int(Int32.max) + 1)])
            }
            #expect(try await store.jobCounts() == JobCounts(queued: 0, leased: 0, done: 0), "a refused batch adds nothing")

            _ = try await store.enqueueJobs([JobFixture.job("ok")])
            let claim = try #require(try await store.claimJobs(region: nil, claimant: "r1", limit: 1, now: JobFixture.date(0),
                                                               leaseSlack: .zero).first)
            await #expect(throws: StoreError.self) {
                try await store.completeJob(lease: claim.lease, claimant: "r1", result: [0xC3], now: JobFixture.date(0))
            }
            #expect(try await store.jobCounts() == JobCounts(queued: 0, leased: 1, done: 0))
        }
    }
}

/// Jobs for the queue checks: one monitor's primary at a fixed due time unless a check says otherwise; times are
/// offsets in ms from `base`.
enum JobFixture {
    /// 2024-03-01T10:00:00Z.
    static let base: Int64 = 1_709_287_200_000
    static let budgetMs: Int64 = 15_000

    static func ms(_ offset: Int64) -> Int64 { base + offset }

    static func date(_ offset: Int64) -> Date { Date(timeIntervalSince1970: Double(base + offset) / 1000) }

    static func job(_ id: String, monitor: String = "mon_a", role: ProbeVerdict.Role = .primary, due: Int64 = 0,
                    slot: Int = 0, notBefore: Int64 = 0, region: String? = nil, pickupBy: Int64 = 10_000,
                    check: [UInt8]? = nil) -> SharedJob {
        SharedJob(id: id, monitorID: monitor, monitorName: "api-\(monitor)", role: role, episode: 3, dueMs: ms(due),
                  slot: slot, notBeforeMs: ms(notBefore), region: region, pickupByMs: ms(pickupBy), budgetMs: budgetMs,
                  check: check ?? Array(#"{"url":"https://api.example.com/health","id":"\#(id)"}"#.utf8))
    }
}
