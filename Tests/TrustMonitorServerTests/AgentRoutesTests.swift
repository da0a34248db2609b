import Foundation
import Testing
import TrustMonitorAgentProtocol
import TrustMonitorCore
import TrustMonitorEngine
import TrustMonitorLedger
import TrustMonitorServer
import TrustMonitorStore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The agent protocol on a real server: registration, leases, signed results, and every way a result is
/// refused (unsigned, forged, replayed, foreign region) with a 4xx and nothing kept.
@Suite struct AgentRoutesTests {
    struct Fixture {
        let store: SQLiteStore
        let engine: MonitorEngine
        let remote: RemoteProbes
        let queue: JobQueue
        let definition: MonitorDefinition
        let token: String
        let signer: NoteSigner
    }

    static func fixture(pickup: Duration = .seconds(5), slack: Duration = .seconds(10),
                        timeout: Duration = .seconds(10), verification: VerificationPolicy = .default) async throws -> Fixture {
        let directory = NSTemporaryDirectory() + "tm-agent-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try await SQLiteStore.open(path: directory + "/agent.db")
        try await store.migrate()
        let record = try await store.upsertMonitor(name: "api", endpoint: "http://a.test/", interval: .seconds(30), now: Date())
        let definition = MonitorDefinition(
            id: record.id, name: "api", request: CheckRequest(target: try Target.parse("http://a.test/health"), timeout: timeout,
                                                              conditions: [try Condition.parse("[STATUS] == 200")],
                                                              retry: .never),
            interval: .seconds(30), verification: verification, paused: false)
        let queue = JobQueue()
        let remote = RemoteProbes(fallback: queue, pickupTime: pickup, leaseSlack: slack)
        let engine = MonitorEngine(store: store, queue: queue, local: ProbeIdentity(name: "local", region: "home"),
                                   remote: remote)
        try await engine.apply([definition])
        let token = AgentToken.generate()
        _ = try await store.addProbe(name: "eu-1", region: "eu", tokenHash: AgentToken.hash(token), now: Date())
        let signer = try NoteSigner.generate(name: "trustmonitor-agent", type: .ed25519)
        return Fixture(store: store, engine: engine, remote: remote, queue: queue, definition: definition, token: token,
                       signer: signer)
    }

    static func post(_ url: String, token: String?, _ body: some Encodable) async throws -> (status: Int, json: [String: Any]) {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = "POST"
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONCoding.encoder().encode(body)
        let (data, response) = try await URLSession.shared.data(for: request)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, json)
    }

    static func observation(up: Bool) -> Observation {
        let at = Date()
        let attempt = Attempt(number: 1, startedAt: at, url: "http://a.test/health", status: up ? 200 : 503,
                              failure: up ? nil : Failure(.http5xx, "HTTP 503"))
        return Observation(target: "http://a.test/health", method: "GET", startedAt: at, finishedAt: at,
                           attempts: [attempt], retryStop: nil)
    }

    /// Queues one primary job for region `eu`, as the scheduler would on the monitor's turn there.
    static func submitJob(_ fixture: Fixture) async throws {
        let job = CheckJob(monitorID: fixture.definition.id, role: .primary, due: .now, notBefore: .now, episode: 0)
        let spec = try #require(CheckSpec(fixture.definition.request))
        await fixture.remote.submit(RemoteAssignment(job: job, definition: fixture.definition, spec: spec), region: "eu")
    }

    @Test func aSignedResultIsAcceptedOnceAndEveryForgeryRefused() async throws {
        let fixture = try await Self.fixture()
        try await APIRoutesTests.withServer(fixture.store, agents: AgentRoutes(store: fixture.store, engine: fixture.engine,
                                                                               remote: fixture.remote)) { base in
            let agent = base + "/api/v1/agent/"
            let key = fixture.signer.verifierKey.vkey
            #expect(try await Self.post(agent + "register", token: nil, AgentRegistration(region: "eu", key: key)).status == 401)
            #expect(try await Self.post(agent + "register", token: "tma_wrong", AgentRegistration(region: "eu", key: key)).status == 401)
            #expect(try await Self.post(agent + "lease", token: fixture.token, LeaseRequest(max: 1, waitMs: 0)).status == 409)
            let foreign = try await Self.post(agent + "register", token: fixture.token, AgentRegistration(region: "us", key: key))
            #expect(foreign.status == 403 && APIRoutesTests.errorCode(foreign.json) == "foreign_region")
            let registered = try await Self.post(agent + "register", token: fixture.token, AgentRegistration(region: "eu", key: key))
            #expect(registered.status == 200 && registered.json["probe"] as? String == "eu-1")
            let other = try NoteSigner.generate(name: "trustmonitor-agent", type: .ed25519)
            let swap = try await Self.post(agent + "register", token: fixture.token,
                                           AgentRegistration(region: "eu", key: other.verifierKey.vkey))
            #expect(swap.status == 409 && APIRoutesTests.errorCode(swap.json) == "key_conflict")

            try await Self.submitJob(fixture)
            let leased = try await Self.post(agent + "lease", token: fixture.token, LeaseRequest(max: 4, waitMs: 2000))
            let jobs = try #require(leased.json["jobs"] as? [[String: Any]])
            #expect(leased.status == 200 && jobs.count == 1)
            let lease = try #require(jobs.first?["lease"] as? String)
            #expect((jobs.first?["check"] as? [String: Any])?["conditions"] as? [String] == ["[STATUS] == 200"])

            func signed(_ lease: String, region: String = "eu", probe: String = "eu-1", by signer: NoteSigner) throws -> DSSEEnvelope {
                try SignedObservation(lease: lease, probe: probe, region: region, monitor: fixture.definition.id,
                                      role: .primary, observation: Self.observation(up: false)).envelope(signer: signer)
            }
            // Refused, and nothing kept: forged key, foreign region, another probe's name, altered payload.
            var altered = try signed(lease, by: fixture.signer)
            altered.payload = Array(String(decoding: altered.payload, as: UTF8.self).replacingOccurrences(of: "503", with: "200").utf8)
            let refusals: [(DSSEEnvelope, Int, String)] = [
                (try signed(lease, by: other), 403, "bad_signature"),
                (try signed(lease, region: "us", by: fixture.signer), 403, "foreign_region"),
                (try signed(lease, probe: "us-1", by: fixture.signer), 403, "foreign_probe"),
                (altered, 403, "bad_signature"),
                (try signed("lse_made_up", by: fixture.signer), 409, "lease_refused"),
            ]
            for (envelope, status, code) in refusals {
                let answer = try await Self.post(agent + "results", token: fixture.token, ResultSubmission(results: [envelope]))
                #expect(answer.status == status && APIRoutesTests.errorCode(answer.json) == code, "\(code): \(answer.json)")
            }
            #expect(try await fixture.store.observations(monitor: fixture.definition.id, since: nil, limit: 10).isEmpty)

            let good = try signed(lease, by: fixture.signer)
            let accepted = try await Self.post(agent + "results", token: fixture.token, ResultSubmission(results: [good]))
            #expect(accepted.status == 200, "\(accepted.json)")
            let kept = try await fixture.store.observations(monitor: fixture.definition.id, since: nil, limit: 10)
            #expect(kept.map(\.probe) == ["eu-1"])

            // The same signed result again is a replay.
            let replay = try await Self.post(agent + "results", token: fixture.token, ResultSubmission(results: [good]))
            #expect(replay.status == 409 && APIRoutesTests.errorCode(replay.json) == "lease_refused")
            #expect(try await fixture.store.observations(monitor: fixture.definition.id, since: nil, limit: 10).count == 1)

            let heartbeat = try await Self.post(agent + "heartbeat", token: fixture.token,
                                                Heartbeat(canaryOK: false, canaryTarget: "http://canary/", canaryFailure: "dns_failure"))
            #expect(heartbeat.status == 200 && heartbeat.json["state"] as? String == "impaired")
            let probes = try await APIRoutesTests.get(base + "/api/v1/probes")
            let listed = try #require((probes.json["probes"] as? [[String: Any]])?.first)
            #expect(listed["name"] as? String == "eu-1" && listed["state"] as? String == "impaired")
            #expect(listed["recent_results"] as? Int == 1)
            #expect(await fixture.remote.votingRegions().isEmpty, "an impaired agent does not vote")
        }
        try await fixture.store.close()
    }

    /// A job no agent takes, or no agent finishes, goes back to the server's own probes, and a late result
    /// for it is refused.
    @Test func unfinishedJobsGoBackToTheLocalProbes() async throws {
        let fixture = try await Self.fixture(pickup: .milliseconds(200), slack: .milliseconds(100), timeout: .milliseconds(100))
        let probe = try #require(try await fixture.store.probes().first)
        await fixture.remote.seen(probe)
        try await Self.submitJob(fixture)
        try await Task.sleep(for: .milliseconds(400))
        await fixture.remote.sweep()
        #expect(await fixture.queue.depth == 1, "not picked up in time")

        try await Self.submitJob(fixture)
        let jobs = await fixture.remote.lease(for: probe, max: 1, wait: .zero)
        let lease = try #require(jobs.first?.lease)
        #expect(await fixture.remote.refusal(lease, by: "prb_other") == "lease belongs to another probe")
        #expect(await fixture.remote.redeem(lease, by: "prb_other") == nil)
        // Budget 100 ms plus 100 ms of slack: long gone after 600 ms.
        try await Task.sleep(for: .milliseconds(600))
        await fixture.remote.sweep()
        #expect(await fixture.queue.depth == 2, "the expired lease's job went back")
        #expect(await fixture.remote.redeem(lease, by: probe.id) == nil, "a late result is refused")
        #expect(await fixture.remote.depth.leased == 0)

        try await Self.submitJob(fixture)
        let again = try #require(await fixture.remote.lease(for: probe, max: 1, wait: .zero).first)
        #expect(await fixture.remote.redeem(again.lease, by: probe.id)?.id == again.lease)
        #expect(await fixture.remote.redeem(again.lease, by: probe.id) == nil, "a lease is redeemed once")
        try await fixture.store.close()
    }
}

extension AgentRoutesTests {
    /// The server's probe sees the target down; verification goes to the agent in another region, whose
    /// signed look confirms it; the incident's bundle proves who saw what, offline.
    @Test func anAgentInAnotherRegionConfirmsAnIncidentProvably() async throws {
        let policy = VerificationPolicy(probes: 1, quorum: 2, within: .seconds(30), recoverQuorum: 2, recheckDelay: .zero)
        let fixture = try await Self.fixture(verification: policy)
        let directory = NSTemporaryDirectory() + "tm-agent-keys-\(UUID().uuidString)"
        let keys = try LedgerKeys.loadOrCreate(dataDir: directory, origin: "agents.example/trustmonitor/ledger")
        let publisher = CheckpointPublisher(store: fixture.store, signer: keys.log)
        let routes = AgentRoutes(store: fixture.store, engine: fixture.engine, remote: fixture.remote)
        try await APIRoutesTests.withServer(fixture.store, checkpoints: publisher, reportSigner: keys.report,
                                            agents: routes) { base in
            let agent = base + "/api/v1/agent/"
            let registered = try await Self.post(agent + "register", token: fixture.token,
                                                 AgentRegistration(region: "eu", key: fixture.signer.verifierKey.vkey))
            #expect(registered.status == 200)

            // The server's own probe (region "home") fails the primary check.
            let primary = CheckJob(monitorID: fixture.definition.id, role: .primary, due: .now, notBefore: .now, episode: 0)
            try await fixture.engine.complete(primary, observation: Self.observation(up: false), startedAt: .now)

            let leased = try await Self.post(agent + "lease", token: fixture.token, LeaseRequest(max: 1, waitMs: 5000))
            let job = try #require((leased.json["jobs"] as? [[String: Any]])?.first)
            #expect(job["role"] as? String == "verification")
            let lease = try #require(job["lease"] as? String)
            let envelope = try SignedObservation(lease: lease, probe: "eu-1", region: "eu", monitor: fixture.definition.id,
                                                 role: .verification, observation: Self.observation(up: false))
                .envelope(signer: fixture.signer)
            let accepted = try await Self.post(agent + "results", token: fixture.token, ResultSubmission(results: [envelope]))
            #expect(accepted.status == 200, "\(accepted.json)")

            let incident = try #require(try await fixture.store.openIncident(monitor: fixture.definition.id))
            #expect(incident.verifications.map(\.probe) == ["local", "eu-1"])
            #expect(incident.verifications.map(\.region) == ["home", "eu"])
            #expect(incident.verifications.last?.independence.contains("another region than the primary check's (home)") == true)

            let bundle = try await publisher.bundle(for: incident, reportSigner: keys.report)
            let lines = try IncidentBundleVerifier.verify(bundle, logKey: keys.log.verifierKey.vkey,
                                                          reportKey: keys.report.verifierKey.vkey)
            #expect(lines.contains { $0.hasPrefix("probe eu-1 (eu): its verification look is signed by trustmonitor-agent+") })

            // A report whose agent look was swapped for another key's signature is caught.
            var forged = incident
            let other = try NoteSigner.generate(name: "trustmonitor-agent", type: .ed25519)
            let otherEnvelope = try SignedObservation(lease: lease, probe: "eu-1", region: "eu", monitor: fixture.definition.id,
                                                      role: .verification, observation: Self.observation(up: false))
                .envelope(signer: other)
            forged.verifications[1].attestation = String(decoding: try otherEnvelope.jsonData(), as: UTF8.self)
            var tampered = bundle
            tampered.report = try DSSEEnvelope.sign(payload: try IncidentReport.payload(forged), signer: keys.report)
            #expect {
                _ = try IncidentBundleVerifier.verify(tampered, logKey: keys.log.verifierKey.vkey,
                                                      reportKey: keys.report.verifierKey.vkey)
            } throws: { error in (error as? IncidentBundleVerifier.Failure)?.check == "probe eu-1" }
        }
        try await fixture.store.close()
    }
}
