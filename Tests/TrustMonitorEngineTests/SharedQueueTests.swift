import Foundation
import ServiceLifecycle
import Testing
import TrustMonitorAgentProtocol
import TrustMonitorCore
@testable import TrustMonitorEngine
import TrustMonitorProbe
import TrustMonitorStore
@testable import TrustMonitorTestSupport

/// Replicas sharing their job queue through PostgreSQL: each replica is its own `PostgresStore` (its own
/// connections, as a separate process has), the checks real HTTP requests.
@Suite struct SharedQueueTests {
    /// Every replica computes the same due times for a monitor, whenever it starts: the grid is a function
    /// of the name, the interval and the wall clock only.
    @Test func dueTimesAreOneGridOnEveryReplica() {
        for (name, intervalMs) in [("api", Int64(30_000)), ("db", 1_000), ("x", 7), ("checkout", 3_600_000)] {
            let interval = Duration.milliseconds(intervalMs)
            let offset = ScheduleSpread.offset(name: name, interval: interval).milliseconds
            for start in [Int64(0), 1, 1_764_000_000_123, 1_764_000_000_123 + intervalMs / 2] {
                let point = ScheduleSpread.gridPoint(name: name, interval: interval, from: start)
                #expect(point >= start && point < start + intervalMs, "\(name) from \(start): \(point)")
                #expect((point - offset) % intervalMs == 0, "\(name): \(point) is off the grid")
                // A replica starting later, before that point, names the same one.
                #expect(ScheduleSpread.gridPoint(name: name, interval: interval, from: point) == point)
                #expect(ScheduleSpread.gridPoint(name: name, interval: interval, from: point, inclusive: false)
                        == point + intervalMs)
            }
        }
    }

    /// Two replicas' schedulers queueing the same due check (a replica taking over while the old one's
    /// last jobs are still queued): the queue holds it once.
    @Test func aDueCheckIsQueuedOnceWhateverReplicasAsk() async throws {
        try await TestPostgres.withDatabase { url in
            let stores = [try await PostgresStore.open(url: url), try await PostgresStore.open(url: url)]
            try await stores[0].migrate()
            let definition = try await Self.definition(stores[0], url: "http://127.0.0.1:9/")
            let queues = stores.map { SharedJobQueue(store: $0) }
            let spec = try #require(CheckSpec(definition.request))
            let dueMs = ScheduleSpread.gridPoint(name: definition.name, interval: definition.interval,
                                                 from: ClockPair.now().wallMs)
            for queue in queues {
                for slot in 0..<3 {
                    let job = CheckJob(monitorID: definition.id, role: .verification, due: .now, notBefore: .now,
                                       episode: 1, dueMs: dueMs, slot: slot)
                    await queue.submit(job, definition: definition, spec: spec, region: nil)
                }
            }
            #expect(await eventually {
                let left = [await queues[0].unwritten, await queues[1].unwritten]
                return left == [0, 0]
            })
            let counts = try await stores[1].jobCounts()
            let written = [await queues[0].written, await queues[1].written].reduce(0, +)
            let duplicates = [await queues[0].duplicates, await queues[1].duplicates].reduce(0, +)
            for store in stores { try await store.close() }
            #expect(counts == JobCounts(queued: 3, leased: 0, done: 0))
            #expect(written == 3 && duplicates == 3)
        }
    }

    /// The deciding replica runs no probes of its own: every check is run by the other replica's probes,
    /// through the queue, and an outage still opens exactly one incident, verified, and resolves once.
    @Test func anotherReplicasProbesRunTheChecks() async throws {
        let target = TargetSwitch()
        let server = try await TestServer.start { _ in target.isDown ? .respond(status: 500, body: "boom") : .ok() }
        try await TestPostgres.withDatabase { url in
            let deciding = try await PostgresStore.open(url: url)
            let probing = try await PostgresStore.open(url: url)
            try await deciding.migrate()
            let definition = try await Self.definition(deciding, url: server.url("/"))
            let shared = SharedJobQueue(store: deciding)
            let remote = RemoteProbes(fallback: JobQueue())
            let engine = MonitorEngine(store: deciding, queue: JobQueue(), remote: remote, shared: shared)
            try await engine.apply([definition])
            let services: [any Service] = [
                SharedResultConsumer(store: deciding, engine: engine, remote: remote),
                SchedulerService(engine: engine),
                SharedProbeWorkers(store: probing, prober: Prober(), identity: .local, claimant: "replica-b",
                                   concurrency: 4),
            ]
            let running = Task { try await ServiceGroupRunner.run(services) }

            let wasUp = await eventually { (try? await deciding.monitor(id: definition.id))?.state == .up }
            target.isDown = true
            let opened = await eventually { (try? await deciding.openIncident(monitor: definition.id)) != nil }
            let checksWhileDown = server.requestCount
            _ = await eventually { server.requestCount >= checksWhileDown + 4 }
            target.isDown = false
            let resolved = await eventually {
                (try? await deciding.incidents(state: .resolved, monitor: definition.id, limit: 10).count) == 1
            }
            let incidents = try await deciding.incidents(state: nil, monitor: definition.id, limit: 10)
            running.cancel()
            _ = try? await running.value
            try await deciding.close()
            try await probing.close()

            #expect(wasUp && opened && resolved)
            #expect(incidents.count == 1)
            let incident = try #require(incidents.first)
            #expect(incident.verifications.count >= 2)
            #expect(incident.verifications.allSatisfy { $0.observation.verdict == .down })
            #expect(incident.verifications.map(\.role) == [.primary, .verification])
        }
        try await server.shutdown()
    }

    /// A replica that claimed jobs and died never answers: when the leases run out the jobs go back to the
    /// queue, another replica's probes run them, and their results reach the deciding replica.
    @Test func aDeadReplicasClaimsAreRunByAnother() async throws {
        let server = try await TestServer.start { _ in .ok() }
        try await TestPostgres.withDatabase { url in
            let store = try await PostgresStore.open(url: url)
            try await store.migrate()
            let definition = try await Self.definition(store, url: server.url("/"))
            let shared = SharedJobQueue(store: store)
            let spec = try #require(CheckSpec(definition.request))
            let job = CheckJob(monitorID: definition.id, role: .primary, due: .now, notBefore: .now, episode: 1,
                               dueMs: ClockPair.now().wallMs)
            await shared.submit(job, definition: definition, spec: spec, region: nil)
            #expect(await eventually { (try? await store.jobCounts().queued) == 1 })
            // The dead replica's claim: a lease of the check's budget and no slack.
            let dead = try await store.claimJobs(region: nil, claimant: "replica-dead", limit: 10, now: Date(),
                                                 leaseSlack: .zero)
            #expect(dead.count == 1)

            let remote = RemoteProbes(fallback: JobQueue())
            let engine = MonitorEngine(store: store, queue: JobQueue(), remote: remote, shared: shared)
            try await engine.apply([definition])
            let services: [any Service] = [
                SharedResultConsumer(store: store, engine: engine, remote: remote),
                SharedProbeWorkers(store: store, prober: Prober(), identity: .local, claimant: "replica-b",
                                   concurrency: 2),
            ]
            let running = Task { try await ServiceGroupRunner.run(services) }
            let observed = await eventually(within: .seconds(30)) {
                (try? await store.observations(monitor: definition.id, since: nil, limit: 10).isEmpty) == false
            }
            let late = try await store.completeJob(lease: dead[0].lease, claimant: "replica-dead", result: [],
                                                   now: Date())
            let emptied = await eventually { try await store.jobCounts() == JobCounts(queued: 0, leased: 0, done: 0) }
            running.cancel()
            _ = try? await running.value
            try await store.close()
            #expect(observed, "the job came back and was run")
            #expect(late != .accepted(dead[0].job), "the dead replica's lease no longer redeems")
            #expect(emptied, "decided and deleted")
        }
        try await server.shutdown()
    }

    static func definition(_ store: any Store, url: String) async throws -> MonitorDefinition {
        let interval = Duration.milliseconds(300)
        let record = try await store.upsertMonitor(name: "api", endpoint: url, interval: interval, now: Date())
        let request = CheckRequest(target: try Target.parse(url), timeout: .seconds(1), retry: .never)
        return MonitorDefinition(id: record.id, name: "api", request: request, interval: interval,
                                 verification: .init(probes: 1, quorum: 2, within: .seconds(5), recoverQuorum: 2,
                                                     recheckDelay: .milliseconds(100)),
                                 paused: false)
    }
}

/// The scheduler as a service, for tests that run engine parts without `MonitoringService`.
struct SchedulerService: Service {
    let engine: MonitorEngine
    func run() async throws { await Scheduler(engine: engine).run() }
}

/// Runs services side by side until cancelled.
enum ServiceGroupRunner {
    static func run(_ services: [any Service]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for service in services { group.addTask { try await service.run() } }
            try await group.waitForAll()
        }
    }
}
