import Foundation
import Testing
import TrustMonitorAgentProtocol
import TrustMonitorCore
import TrustMonitorLedger
import TrustMonitorStore
@testable import TrustMonitorAgent
@testable import TrustMonitorTestSupport

/// A real agent against the real server routes and a real target: registration, checks leased and run
/// from another region, signed results accepted, and a clean stop.
@Suite struct AgentEndToEndTests {
    @Test func agentRunsLeasedChecksAndTheServerAcceptsItsSignedResults() async throws {
        let target = try await TestServer.start(always: .ok("healthy"))
        let server = try await ServerHarness.start(monitors: [(name: "api", url: target.url("/health"))])
        let token = try await server.addProbe(name: "agent-eu", region: "eu")
        let agent = try AgentHarness.start(try AgentHarness.configuration(server: server.url, token: token, region: "eu"))

        // Registered with the agent's own key.
        #expect(await eventually(within: .seconds(30)) {
            try await server.probe(named: "agent-eu")?.key == agent.signer.verifierKey.vkey
        })
        // The primary check rotates over the regions with agents; the agent's turns come back signed and
        // are kept under its name (the server stores only results whose signature it verified).
        let monitor = try await server.monitorID("api")
        #expect(await eventually(within: .seconds(20)) {
            try await server.store.observations(monitor: monitor, since: nil, limit: 100)
                .contains { $0.probe == "agent-eu" && $0.observation.verdict == .up }
        })
        let probe = try #require(try await server.probe(named: "agent-eu"))
        // Counted once the result's decision is made, just after the observation is kept.
        #expect(await eventually(within: .seconds(5)) { await server.remote.stats(probeID: probe.id).results >= 1 })
        // The canary (the server's /healthz) holds, so the agent counts as a voter. A heartbeat whose canary
        // missed its timeout on a loaded machine marks it impaired until the next one: wait for a good one.
        #expect(await eventually(within: .seconds(30)) { try await server.probe(named: "agent-eu")?.impaired == false })
        #expect(probe.lastHeartbeat != nil)
        #expect(await eventually(within: .seconds(30)) {
            await server.remote.votingRegions(excluding: ServerHarness.region) == ["eu"]
        })
        #expect(target.requestCount >= 1)

        let stop = await agent.stop()
        #expect(throws: Never.self) { try stop.result?.get() }
        try await server.stop()
        try await target.shutdown()
    }

    /// SIGTERM with a check running: the agent stops leasing, lets the check finish, posts its signed
    /// result, and only then exits, with success.
    @Test func gracefulShutdownFinishesTheRunningCheckAndPostsIt() async throws {
        let target = try await TestServer.start(always: .delay(.milliseconds(1500), then: .ok()))
        let server = try await ServerHarness.start(monitors: [(name: "slow", url: target.url("/"))],
                                                   interval: .seconds(3))
        let token = try await server.addProbe(name: "agent-slow", region: "eu")
        let agent = try AgentHarness.start(try AgentHarness.configuration(server: server.url, token: token, region: "eu"))
        // A job leased to the agent (the primary's turn for region eu), given a moment to reach it. Under the whole
        // suite's load the agent's canary (the server's /healthz, half a heartbeat to answer) can miss, and an impaired
        // agent is given no jobs until a heartbeat passes again: hence the long wait.
        #expect(await eventually(within: .seconds(90)) { await server.remote.depth.leased > 0 })
        try await Task.sleep(for: .milliseconds(500))
        let stop = await agent.stop()
        #expect(throws: Never.self) { try stop.result?.get() }
        let monitor = try await server.monitorID("slow")
        let said = agent.logs.all.suffix(12).map(\.message).joined(separator: " | ")
        // Posted before the agent exited; the server keeps it once its decision on the result is made. Its verdict
        // is not the point (the 1.5 s answer can outlast the 2 s timeout on a loaded machine): that it was finished
        // and posted, not dropped, is.
        #expect(await eventually(within: .seconds(60)) {
            try await server.store.observations(monitor: monitor, since: nil, limit: 100)
                .contains { $0.probe == "agent-slow" }
        }, "the running check's result was posted before the agent exited; the agent said: \(said)")
        try await server.stop()
        try await target.shutdown()
    }

    /// SIGTERM while the agent waits in a long poll ends it at once, with success.
    @Test func gracefulShutdownCutsTheLongPoll() async throws {
        let server = try await ServerHarness.start()
        let token = try await server.addProbe(name: "agent-idle", region: "ap")
        // A poll far longer than a stop takes: one that ended within half of it was cut, not waited out.
        let leaseWait = Duration.seconds(30)  // the most a lease request may wait
        let agent = try AgentHarness.start(try AgentHarness.configuration(server: server.url, token: token, region: "ap",
                                                                          leaseWait: leaseWait))
        #expect(await eventually(within: .seconds(30)) { try await server.probe(named: "agent-idle")?.lastHeartbeat != nil })
        try await Task.sleep(for: .milliseconds(300))
        let stop = await agent.stop()
        #expect(throws: Never.self) { try stop.result?.get() }
        #expect(stop.took < leaseWait / 2, "stopped in \(stop.took)")
        try await server.stop()
    }

    /// An agent started before its server keeps trying to register and gets in once the server is up.
    @Test func registersOnceTheServerComesUp() async throws {
        let port = try await TestServer.closedPort()
        let token = AgentToken.generate()
        let agent = try AgentHarness.start(try AgentHarness.configuration(
            server: "http://127.0.0.1:\(port)", token: token, region: "sa"))
        try await Task.sleep(for: .seconds(1))
        #expect(await agent.ended(within: .zero) == nil, "an unreachable server is not a reason to stop")
        let server = try await ServerHarness.start(port: port)
        _ = try await server.store.addProbe(name: "agent-sa", region: "sa", tokenHash: AgentToken.hash(token), now: Date())
        #expect(await eventually(within: .seconds(20)) {
            try await server.probe(named: "agent-sa")?.key == agent.signer.verifierKey.vkey
        })
        let stop = await agent.stop()
        #expect(throws: Never.self) { try stop.result?.get() }
        try await server.stop()
    }

    /// Answers retrying cannot change stop the agent with the server's reason.
    @Test func refusalsStopTheAgentWithTheServersReason() async throws {
        let server = try await ServerHarness.start()
        let token = try await server.addProbe(name: "agent-us", region: "us")

        func refusal(token: String, region: String, dataDir: String? = nil,
                     within limit: Duration = .seconds(30)) async throws -> ServerRefusal? {
            let agent = try AgentHarness.start(try AgentHarness.configuration(
                server: server.url, token: token, region: region, dataDir: dataDir))
            let ended = await agent.ended(within: limit)
            if ended == nil { _ = await agent.stop() }
            guard case .failure(let error) = ended else { return nil }
            return error as? ServerRefusal
        }

        let unknown = try #require(try await refusal(token: AgentToken.generate(), region: "us"))
        #expect(unknown.status == 401)
        #expect(unknown.message.contains("unknown agent token"))

        let foreign = try #require(try await refusal(token: token, region: "eu"))
        #expect(foreign.status == 403)
        #expect(foreign.code == "foreign_region")

        // The first key binds the token; a second agent with another key is refused (409).
        let first = try AgentHarness.start(try AgentHarness.configuration(server: server.url, token: token, region: "us"))
        #expect(await eventually(within: .seconds(30)) {
            try await server.probe(named: "agent-us")?.key == first.signer.verifierKey.vkey
        })
        let conflict = try #require(try await refusal(token: token, region: "us"))
        #expect(conflict.status == 409)
        #expect(conflict.isFatal)
        // The same key again (a restart with the same data dir) is welcome.
        #expect(try await refusal(token: token, region: "us", dataDir: first.dataDir, within: .seconds(2)) == nil)
        _ = await first.stop()
        try await server.stop()
    }
}
