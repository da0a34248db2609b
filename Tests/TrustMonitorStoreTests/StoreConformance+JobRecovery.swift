import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorStore

extension StoreConformance {
    /// Regional jobs no agent took by their pickup time, and leases that ran out, go to the replicas' own probes;
    /// the lease taken back can no longer complete, the new claim can.
    func overdueJobsGoBackToTheReplicas() async throws {
        try await withFreshStore { store in
            _ = try await store.enqueueJobs([
                JobFixture.job("eu-late", due: 1, region: "eu", pickupBy: 10_000),
                JobFixture.job("eu-waiting", due: 2, region: "eu", pickupBy: 30_000),
                JobFixture.job("own", due: 3, pickupBy: 0),
                JobFixture.job("us-leased", due: 4, region: "us", pickupBy: 1_000),
            ])
            let usClaim = try #require(try await store.claimJobs(region: "us", claimant: "agent-us", limit: 1,
                                                                 now: JobFixture.date(0), leaseSlack: .seconds(5)).first)
            #expect(usClaim.leaseExpiresMs == JobFixture.ms(20_000))
            #expect(try await store.requeueOverdueJobs(now: JobFixture.date(10_000)) == 0, "pickup time itself is in time")
            #expect(try await store.requeueOverdueJobs(now: JobFixture.date(10_001)) == 1)
            #expect(try await store.claimJobs(region: "eu", claimant: "agent-eu", limit: 10, now: JobFixture.date(10_001),
                                              leaseSlack: .zero).map(\.job.id) == ["eu-waiting"])

            #expect(try await store.requeueOverdueJobs(now: JobFixture.date(20_000)) == 0, "a lease holds to its last ms")
            #expect(try await store.requeueOverdueJobs(now: JobFixture.date(40_000)) == 2, "us-leased and eu-waiting")
            #expect(try await store.jobCounts() == JobCounts(queued: 4, leased: 0, done: 0))
            #expect(try await store.completeJob(lease: usClaim.lease, claimant: "agent-us", result: Array("{}".utf8),
                                                now: JobFixture.date(40_000)) == .expired)

            let own = try await store.claimJobs(region: nil, claimant: "r1", limit: 10, now: JobFixture.date(40_000),
                                                leaseSlack: .zero)
            #expect(own.map(\.job.id) == ["eu-late", "eu-waiting", "own", "us-leased"])
            #expect(own.allSatisfy { $0.job.region == nil })
            let again = try #require(own.first { $0.job.id == "us-leased" })
            #expect(again.lease != usClaim.lease)
            #expect(try await store.completeJob(lease: usClaim.lease, claimant: "agent-us", result: Array("{}".utf8),
                                                now: JobFixture.date(40_000)) == .expired, "still, after the new claim")
            var requeued = usClaim.job
            requeued.region = nil
            #expect(try await store.completeJob(lease: again.lease, claimant: "r1", result: Array("{}".utf8),
                                                now: JobFixture.date(41_000)) == .accepted(requeued))
            #expect(try await store.requeueOverdueJobs(now: JobFixture.date(1_000_000)) == 3,
                    "the three open leases, not the done job")
        }
    }

    /// Deleted jobs are gone whatever their state, and their keys can be queued again.
    func deletedJobsAreGone() async throws {
        try await withFreshStore { store in
            _ = try await store.enqueueJobs([JobFixture.job("a", due: 1), JobFixture.job("b", due: 2),
                                             JobFixture.job("c", due: 3), JobFixture.job("d", due: 4)])
            let claims = try await store.claimJobs(region: nil, claimant: "r1", limit: 2, now: JobFixture.date(0),
                                                   leaseSlack: .zero)
            #expect(claims.map(\.job.id) == ["a", "b"])
            let claimA = claims[0]
            #expect(try await store.completeJob(lease: claimA.lease, claimant: "r1", result: Array("{}".utf8),
                                                now: JobFixture.date(0)) == .accepted(claimA.job))
            try await store.deleteJobs(ids: [])
            try await store.deleteJobs(ids: ["a", "b", "c", "missing"])
            #expect(try await store.jobCounts() == JobCounts(queued: 1, leased: 0, done: 0))
            #expect(try await store.completedJobs(limit: 10).isEmpty)
            #expect(try await store.completeJob(lease: claims[1].lease, claimant: "r1", result: Array("{}".utf8),
                                                now: JobFixture.date(0)) == .unknownLease)
            #expect(try await store.enqueueJobs([JobFixture.job("a2", due: 1)]) == 1)
        }
    }

    /// The queue is kept across a restart: queued, leased and done jobs, and the leases still redeem.
    func jobsSurviveReopening() async throws {
        try await withDatabase { database in
            let result = Array(#"{"verdict":"up"}"#.utf8)
            let (done, leased) = try await withStore(database) { store in
                _ = try await store.enqueueJobs([JobFixture.job("a", due: 1), JobFixture.job("b", due: 2),
                                                 JobFixture.job("c", due: 3, region: "eu")])
                let claims = try await store.claimJobs(region: nil, claimant: "r1", limit: 2, now: JobFixture.date(0),
                                                       leaseSlack: .seconds(5))
                try #require(claims.count == 2)
                #expect(try await store.completeJob(lease: claims[0].lease, claimant: "r1", result: result,
                                                    now: JobFixture.date(500)) == .accepted(claims[0].job))
                return (claims[0], claims[1])
            }
            try await withStore(database) { (store: any Store) async throws in
                #expect(try await store.jobCounts() == JobCounts(queued: 1, leased: 1, done: 1))
                #expect(try await store.completedJobs(limit: 10)
                    == [CompletedJob(job: done.job, claimant: "r1", result: result, completedMs: JobFixture.ms(500))])
                #expect(try await store.completeJob(lease: done.lease, claimant: "r1", result: result,
                                                    now: JobFixture.date(600)) == .unknownLease)
                #expect(try await store.completeJob(lease: leased.lease, claimant: "r1", result: result,
                                                    now: JobFixture.date(600)) == .accepted(leased.job))
                #expect(try await store.enqueueJobs([JobFixture.job("a-again", due: 1)]) == 0)
                #expect(try await store.claimJobs(region: "eu", claimant: "agent", limit: 5, now: JobFixture.date(0),
                                                  leaseSlack: .zero).map(\.job.id) == ["c"])
            }
        }
    }

    func closedStoreRefusesJobCalls() async throws {
        try await withDatabase { database in
            let store = try await database.open()
            try await store.migrate()
            try await store.close()
            await #expect(throws: StoreError.closed) { try await store.enqueueJobs([JobFixture.job("a")]) }
            await #expect(throws: StoreError.closed) {
                try await store.claimJobs(region: nil, claimant: "r1", limit: 1, now: JobFixture.date(0), leaseSlack: .zero)
            }
            await #expect(throws: StoreError.closed) {
                try await store.completeJob(lease: "lse_000000000000000000000000", claimant: "r1", result: [],
                                            now: JobFixture.date(0))
            }
            await #expect(throws: StoreError.closed) { try await store.requeueOverdueJobs(now: JobFixture.date(0)) }
            await #expect(throws: StoreError.closed) { try await store.jobCounts() }
        }
    }
}
