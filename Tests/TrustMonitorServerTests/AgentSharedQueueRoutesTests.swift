import Foundation
import Logging
import Testing
import TrustMonitorAgentProtocol
import TrustMonitorCore
@testable import TrustMonitorEngine
import TrustMonitorLedger
import TrustMonitorServer
import TrustMonitorStore
@testable import TrustMonitorTestSupport

/// The agent protocol on two replicas sharing their queue through PostgreSQL, each with its own store (its own
/// connections, as a separate process has): a lease from one is redeemed at the other, once, and only the
/// active replica decides on the result.
@Suite struct AgentSharedQueueRoutesTests {
    struct Replica {
        let store: PostgresStore
        let engine: MonitorEngine
        let remote: RemoteProbes
        let shared: SharedJobQueue
        let routes: AgentRoutes
    }

    static func replica(_ url: String, active: Bool) async throws -> Replica {
        let store = try await PostgresStore.open(url: url)
        let remote = RemoteProbes(fallback: JobQueue())
        let shared = SharedJobQueue(store: store)
        let engine = MonitorEngine(store: store, queue: JobQueue(), local: ProbeIdentity(name: "local", region: "home"),
                                   remote: remote, shared: shared)
        let routes = AgentRoutes(store: store, engine: engine, remote: remote, isActive: { active }, shared: shared)
        return Replica(store: store, engine: engine, remote: remote, shared: shared, routes: routes)
    }

    @Test func aLeaseFromOneReplicaIsRedeemedOnceAtAnother() async throws {
        try await TestPostgres.withDatabase { url in
            let active = try await Self.replica(url, active: true)
            let standby = try await Self.replica(url, active: false)
            do {
                try await active.store.migrate()
                try await Self.run(active, standby)
            } catch {
                try? await active.store.close()
                try? await standby.store.close()
                throw error
            }
            try await active.store.close()
            try await standby.store.close()
        }
    }

    static func run(_ active: Replica, _ standby: Replica) async throws {
        let record = try await active.store.upsertMonitor(name: "api", endpoint: "http://a.test/", interval: .seconds(30),
                                                          now: Date())
        let definition = MonitorDefinition(
            id: record.id, name: "api",
            request: CheckRequest(target: try Target.parse("http://a.test/health"), timeout: .seconds(5), retry: .never),
            interval: .seconds(30), verification: .default, paused: false)
        try await active.engine.apply([definition])
        let token = AgentToken.generate()
        _ = try await active.store.addProbe(name: "eu-1", region: "eu", tokenHash: AgentToken.hash(token), now: Date())
        let signer = try NoteSigner.generate(name: "trustmonitor-agent", type: .ed25519)
        let spec = try #require(CheckSpec(definition.request))
        for slot in 0..<2 {
            let job = CheckJob(monitorID: definition.id, role: .verification, due: .now, notBefore: .now, episode: 7,
                               dueMs: 1_000, slot: slot)
            await active.shared.submit(job, definition: definition, spec: spec, region: "eu")
        }
        #expect(await eventually { try await active.store.jobCounts().queued == 2 })

        try await APIRoutesTests.withServer(standby.store, agents: standby.routes) { standbyBase in
            try await APIRoutesTests.withServer(active.store, agents: active.routes) { activeBase in
                // A standby serves agents too: the queue is in the database, not in the active replica.
                let registered = try await AgentRoutesTests.post(standbyBase + "/api/v1/agent/register", token: token,
                                                AgentRegistration(region: "eu", key: signer.verifierKey.vkey))
                #expect(registered.status == 200)
                let leased = try await AgentRoutesTests.post(standbyBase + "/api/v1/agent/lease", token: token, LeaseRequest(max: 4, waitMs: 2000))
                let jobs = try #require(leased.json["jobs"] as? [[String: Any]])
                #expect(leased.status == 200 && jobs.count == 2)
                let leases = jobs.compactMap { $0["lease"] as? String }
                #expect(Set(leases).count == 2)

                let monitorID = definition.id
                func envelope(_ lease: String, monitor: String? = nil) throws -> DSSEEnvelope {
                    try SignedObservation(lease: lease, probe: "eu-1", region: "eu", monitor: monitor ?? monitorID, role: .verification,
                                          observation: AgentRoutesTests.observation(up: false)).envelope(signer: signer)
                }
                // Redeemed at the active replica; a replay at either is refused.
                let accepted = try await AgentRoutesTests.post(activeBase + "/api/v1/agent/results", token: token,
                                              ResultSubmission(results: [try envelope(leases[0])]))
                #expect(accepted.status == 200, "\(accepted.json)")
                for base in [activeBase, standbyBase] {
                    let replay = try await AgentRoutesTests.post(base + "/api/v1/agent/results", token: token,
                                                ResultSubmission(results: [try envelope(leases[0])]))
                    #expect(replay.status == 409 && APIRoutesTests.errorCode(replay.json) == "lease_refused")
                }
                // Signed for another monitor than its lease: refused, and the lease still holds for its result.
                let mismatch = try await AgentRoutesTests.post(standbyBase + "/api/v1/agent/results", token: token,
                                              ResultSubmission(results: [try envelope(leases[1], monitor: "mon_other")]))
                #expect(mismatch.status == 422 && APIRoutesTests.errorCode(mismatch.json) == "lease_mismatch")
                #expect(try await active.store.jobCounts() == JobCounts(queued: 0, leased: 1, done: 1))
            }
        }

        // Only the active replica decides: the result is kept as the agent's signed observation, then deleted.
        let consumer = SharedResultConsumer(store: active.store, engine: active.engine, remote: active.remote)
        #expect(await consumer.takeResults(Logger(label: "test")) == 1)
        let observations = try await active.store.observations(monitor: definition.id, since: nil, limit: 10)
        #expect(observations.map(\.probe) == ["eu-1"])
        #expect(observations.first?.role == .verification)
        #expect(try await active.store.jobCounts() == JobCounts(queued: 0, leased: 1, done: 0))
    }
}
