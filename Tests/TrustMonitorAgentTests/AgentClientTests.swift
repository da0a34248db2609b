import Foundation
import Testing
import TrustMonitorAgentProtocol
import TrustMonitorCore
import TrustMonitorProbe
@testable import TrustMonitorAgent
@testable import TrustMonitorTestSupport

/// The client's four calls against the real routes, and how it sorts the server's answers.
@Suite struct AgentClientTests {
    /// A refused result is an answer about that result (a receipt), never a refusal of the agent, even
    /// though the server sends it with a 4xx.
    @Test func aReplayedResultComesBackAsARefusedReceipt() async throws {
        let target = try await TestServer.start(always: .ok())
        let server = try await ServerHarness.start(monitors: [(name: "api", url: target.url("/"))])
        let token = try await server.addProbe(name: "agent-client", region: "eu")
        let configuration = try AgentHarness.configuration(server: server.url, token: token, region: "eu")
        let signer = try AgentKey.loadOrCreate(dataDir: configuration.dataDir)
        let client = AgentClient(configuration: configuration,
                                 registration: AgentRegistration(region: "eu", key: signer.verifierKey.vkey))
        defer { client.close() }

        let registered = try await client.register()
        #expect(registered.probe == "agent-client")
        #expect(registered.heartbeatSeconds == 1)
        let state = try await client.heartbeat(Heartbeat(canaryOK: true, canaryTarget: "\(server.url)/healthz"))
        #expect(state.state == "online")

        // The scheduler's primary rotates to this region within a few turns.
        var jobs: [LeasedJob] = []
        for _ in 0..<10 where jobs.isEmpty {
            jobs = try await client.lease(LeaseRequest(max: 1, waitMs: 2000)).jobs
        }
        let job = try #require(jobs.first)
        let identity = AgentIdentity(probe: registered.probe, region: registered.region, signer: signer)
        guard case .signed(let result) = await LeasedCheck.run(job, prober: Prober(), identity: identity) else {
            Issue.record("the check was not signed")
            return
        }
        let first = try await client.submit(ResultSubmission(results: [result.envelope]))
        #expect(first.receipts == [ResultReceipt(lease: job.lease, accepted: true)])

        let replay = try await client.submit(ResultSubmission(results: [result.envelope]))
        #expect(replay.receipts.count == 1)
        #expect(replay.receipts.first?.accepted == false)
        #expect(replay.receipts.first?.code == "lease_refused")

        try await server.stop()
        try await target.shutdown()
    }

    @Test func serverErrorsAreSortedByWhatTheAgentDoesNext() async throws {
        let server = try await ServerHarness.start()
        let configuration = try AgentHarness.configuration(server: server.url, token: "tma_unknown", region: "eu")
        let signer = try AgentKey.loadOrCreate(dataDir: configuration.dataDir)
        let client = AgentClient(configuration: configuration,
                                 registration: AgentRegistration(region: "eu", key: signer.verifierKey.vkey))
        defer { client.close() }
        do throws(AgentCallError) {
            _ = try await client.lease(LeaseRequest(max: 1, waitMs: 0))
            Issue.record("an unknown token was let in")
        } catch {
            guard case .refused(let refusal) = error else { Issue.record("\(error)"); return }
            #expect(refusal == ServerRefusal(status: 401, code: "unauthorized", message: "unknown agent token"))
            #expect(refusal.isFatal)
        }
        try await server.stop()

        // Nobody listens any more: worth another try, not a reason to stop.
        do throws(AgentCallError) {
            _ = try await client.heartbeat(Heartbeat(canaryOK: true, canaryTarget: "x"))
            Issue.record("a stopped server answered")
        } catch {
            guard case .unreachable = error else { Issue.record("\(error)"); return }
        }
        #expect(AgentClient.refusal(status: 502, data: Data("<html>Bad gateway</html>".utf8))
            == ServerRefusal(status: 502, code: "http_502", message: "<html>Bad gateway</html>"))
    }
}
