import Foundation
import Testing
@testable import TrustMonitorStore
import TrustMonitorCore
import TrustMonitorLedger

/// Several server replicas on one database: here, several stores (each its own pool, its own connections, as a
/// separate process would have) writing at once. PostgreSQL's locks, not the stores, must keep them apart.
@Suite struct PostgresReplicaTests {
    static let replicas = 3

    /// Replicas starting together all migrate; each migration is applied once.
    @Test func replicasMigrateConcurrently() async throws {
        try await PostgresTestDatabase.withDatabase { endpoint in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<Self.replicas {
                    group.addTask {
                        try await PostgresTestDatabase.withOpenStore(endpoint) { store in try await store.migrate() }
                    }
                }
                try await group.waitForAll()
            }
            try await PostgresTestDatabase.withOpenStore(endpoint) { store in
                let versions = try await store.read { session in
                    try await session.rows("SELECT version FROM schema_migrations ORDER BY version") { try $0.decode(Int64.self) }
                }
                #expect(versions == Migration.all.map { Int64($0.version) })
            }
        }
    }

    /// Every replica opens and resolves incidents on the same monitors at the same time, and appends entries of
    /// its own: the ledger holds one gapless run of seqs whose bytes match their leaf hashes, each incident
    /// was opened once (one `incident.opened`), and no monitor ever had two open incidents.
    @Test func replicasShareOneGaplessLedger() async throws {
        try await Self.withReplicas { stores in
            try await Self.race(stores)
            try await Self.checkLedger(stores[0])
        }
    }

    /// Two claimers in each replica take small batches from one queue at once until it is empty: every job is
    /// claimed exactly once, none twice, none missed.
    @Test func replicasClaimEachJobOnce() async throws {
        try await Self.withReplicas { stores in
            let jobs = (0..<300).map { index in
                JobFixture.job("job_\(index)", monitor: "mon_\(index % 10)", due: Int64(index), notBefore: Int64(index % 7))
            }
            #expect(try await stores[0].enqueueJobs(jobs) == jobs.count)
            let claimed = try await withThrowingTaskGroup(of: [ClaimedJob].self) { group in
                for (replica, store) in stores.enumerated() {
                    for claimer in 0..<2 {
                        group.addTask { try await Self.claimUntilEmpty(store, claimant: "r\(replica)-\(claimer)") }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claimed.count == jobs.count)
            #expect(Set(claimed.map(\.job.id)) == Set(jobs.map(\.id)), "every job claimed, none twice")
            #expect(Set(claimed.map(\.lease)).count == jobs.count)
            #expect(Set(claimed.map(\.claimant)).count > 1, "the claimers did race")
            #expect(try await stores[1].jobCounts() == JobCounts(queued: 0, leased: jobs.count, done: 0))
        }
    }

    private static func claimUntilEmpty(_ store: PostgresStore, claimant: String) async throws -> [ClaimedJob] {
        var claimed: [ClaimedJob] = []
        while true {
            let batch = try await store.claimJobs(region: nil, claimant: claimant, limit: 7, now: JobFixture.date(10),
                                                  leaseSlack: .seconds(5))
            // Empty: every job left is locked by another claim that is taking it.
            if batch.isEmpty { return claimed }
            claimed += batch
        }
    }

    /// Two schedulers in every replica enqueue the same checks (each under its own job ids) in batches, half of
    /// them in reverse order, all reaching each batch at about the same time: every check is queued once, and
    /// batches sharing keys in opposite orders wait for each other, never deadlock.
    @Test func replicasEnqueueEachCheckOnce() async throws {
        try await Self.withReplicas { stores in
            let (batches, size) = (100, 20)
            let added = try await withThrowingTaskGroup(of: Int.self) { group in
                for scheduler in 0..<(2 * stores.count) {
                    let store = stores[scheduler % stores.count]
                    group.addTask {
                        var added = 0
                        for batch in 0..<batches {
                            let jobs = (0..<size).map { index in
                                JobFixture.job("job_s\(scheduler)_\(batch)_\(index)", monitor: "mon_\(index % 4)",
                                               due: Int64(batch), slot: index)
                            }
                            added += try await store.enqueueJobs(scheduler.isMultiple(of: 2) ? jobs : jobs.reversed())
                        }
                        return added
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(added == batches * size)
            #expect(try await stores[2].jobCounts() == JobCounts(queued: batches * size, leased: 0, done: 0))
        }
    }

    /// Every replica enqueues the same alerts at once (in opposite orders: key order keeps them from deadlocking),
    /// then two claimers in each take small batches until none is due: each alert is kept once and claimed once.
    @Test func replicasClaimEachAlertOnce() async throws {
        try await Self.withReplicas { stores in
            let api = try await stores[0].upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30),
                                                        now: AlertFixture.start)
            let drafts = (0..<200).flatMap { index in
                AlertFixture.drafts(.test, "evt_\(index)", monitor: api, incident: nil, at: AlertFixture.start)
            }
            let added = try await withThrowingTaskGroup(of: Int.self) { group in
                for (replica, store) in stores.enumerated() {
                    group.addTask {
                        try await store.enqueueAlerts(replica.isMultiple(of: 2) ? drafts : drafts.reversed(),
                                                      now: AlertFixture.start)
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(added == drafts.count)
            let claimed = try await withThrowingTaskGroup(of: [AlertDelivery].self) { group in
                for (replica, store) in stores.enumerated() {
                    for claimer in 0..<2 {
                        group.addTask {
                            var claimed: [AlertDelivery] = []
                            while true {
                                let batch = try await store.claimDueAlerts(claimant: "r\(replica)-\(claimer)", limit: 7,
                                                                           now: AlertFixture.start, lease: .seconds(60))
                                if batch.isEmpty { return claimed }
                                claimed += batch
                            }
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claimed.count == drafts.count)
            #expect(Set(claimed.map(\.key)) == Set(drafts.map(\.key)), "every alert claimed, none twice")
        }
    }

    static let monitorCount = 4
    static let rounds = 3

    /// `replicas` migrated stores on one fresh database, closed (and the database dropped) after `body`.
    private static func withReplicas(_ body: ([PostgresStore]) async throws -> Void) async throws {
        try await PostgresTestDatabase.withDatabase { endpoint in
            let stores = try await openMigrated(endpoint, count: replicas)
            do {
                try await body(stores)
            } catch {
                for store in stores { try? await store.close() }
                throw error
            }
            for store in stores { try await store.close() }
        }
    }

    private static func openMigrated(_ endpoint: PostgresEndpoint, count: Int) async throws -> [PostgresStore] {
        var stores: [PostgresStore] = []
        for _ in 0..<count {
            let store = try await PostgresStore.open(endpoint)
            stores.append(store)
            try await store.migrate()
        }
        return stores
    }

    /// Each round: every replica tries to open an incident on every monitor (one wins per monitor), appends
    /// a batch of non-incident entries, then every replica resolves whatever is open.
    private static func race(_ stores: [PostgresStore]) async throws {
        let now = Fixture.at("2024-03-01T10:00:00.000Z")
        var monitors: [MonitorRecord] = []
        for index in 0..<monitorCount {
            monitors.append(try await stores[0].upsertMonitor(name: "m\(index)", endpoint: Fixture.endpoint,
                                                               interval: .seconds(30), now: now))
        }
        for round in 0..<rounds {
            let openedAt = now.addingTimeInterval(Double(round) * 600)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (replica, store) in stores.enumerated() {
                    for monitor in monitors {
                        group.addTask {
                            let id = "inc_r\(round)_s\(replica)_\(monitor.name)"
                            let opened = try await store.openIncident(Fixture.incident(id, monitor: monitor, openedAt: openedAt))
                            #expect(opened.monitor == monitor.id)
                        }
                    }
                    group.addTask {
                        let drafts = (0..<3).map { index in
                            LedgerEntryDraft(type: "probe.registered", ts: openedAt, monitor: "replica-\(replica)",
                                             incident: nil, fields: ["n": .int(index)])
                        }
                        let seqs = try await store.appendLedgerEntries(drafts)
                        #expect(seqs.count == 3)
                    }
                }
                try await group.waitForAll()
            }
            let open = try await stores[0].incidents(state: .open, monitor: nil, limit: 100)
            #expect(open.count == monitorCount, "round \(round): \(open.map(\.id))")
            #expect(Set(open.map(\.monitor)).count == open.count, "round \(round): two open incidents for one monitor")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for store in stores {
                    for incident in open {
                        group.addTask {
                            try await store.resolveIncident(id: incident.id, at: openedAt.addingTimeInterval(60), recoveries: [])
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    private static func checkLedger(_ store: PostgresStore) async throws {
        let entries = try await store.ledgerEntries(from: 0, limit: 100_000)
        #expect(try await store.ledgerSize() == entries.count)
        #expect(entries.map(\.seq) == Array(0..<entries.count))
        var opened: [String: Int] = [:]
        var resolved: [String: Int] = [:]
        var registrations = 0
        for entry in entries {
            #expect(entry.leafHash == RFC6962.leafHash(entry: entry.bytes).hex, "seq \(entry.seq)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(entry.bytes)) as? [String: Any])
            #expect(object["seq"] as? Int == entry.seq)
            if (object["monitor"] as? String)?.hasPrefix("replica-") == true { registrations += 1 }
            guard let incident = object["incident"] as? String else { continue }
            switch object["type"] as? String {
            case "incident.opened": opened[incident, default: 0] += 1
            case "incident.resolved": resolved[incident, default: 0] += 1
            default: break
            }
        }
        let incidents = try await store.incidents(state: nil, monitor: nil, limit: 1000)
        #expect(incidents.count == monitorCount * rounds)
        #expect(incidents.allSatisfy { $0.state == .resolved })
        #expect(opened == Dictionary(uniqueKeysWithValues: incidents.map { ($0.id, 1) }))
        #expect(resolved == opened)
        #expect(registrations == replicas * rounds * 3)
        for incident in incidents {
            let own = try await store.ledgerEntries(incident: incident.id)
            #expect(own.map(\.seq) == own.map(\.seq).sorted())
            #expect(own.first.map { entries[$0.seq] } == own.first)
        }
    }
}
