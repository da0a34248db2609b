import Foundation
import NIOConcurrencyHelpers
import Testing
import TrustMonitorCore
@testable import TrustMonitorAgent
@testable import TrustMonitorTestSupport

/// Several `--server` URLs: the agent works with the one that serves agents and moves when it stops.
@Suite struct AgentFailoverTests {
    /// What stands at the first URL the agent is given.
    enum FirstServer: String, CaseIterable, Sendable {
        /// A real replica standing by: it answers agents 503 `standby`.
        case standby
        /// Nobody listens.
        case closedPort
    }

    @Test(arguments: FirstServer.allCases)
    func theAgentMovesOnToTheServerThatServesAgents(first: FirstServer) async throws {
        let target = try await TestServer.start(always: .ok("healthy"))
        let active = try await ServerHarness.start(monitors: [(name: "api", url: target.url("/health"))])
        let token = try await active.addProbe(name: "agent-eu", region: "eu")
        var standby: ServerHarness?
        let firstURL: String
        switch first {
        case .standby:
            let server = try await ServerHarness.start(isActive: { false })
            try await server.addProbe(name: "agent-eu", region: "eu", token: token)
            standby = server
            firstURL = server.url
        case .closedPort:
            firstURL = "http://127.0.0.1:\(try await TestServer.closedPort())"
        }
        let agent = try AgentHarness.start(try AgentHarness.configuration(
            servers: ["\(firstURL),\(active.url)"], token: token, region: "eu"))

        #expect(await eventually(within: .seconds(15)) {
            try await active.probe(named: "agent-eu")?.key == agent.signer.verifierKey.vkey
        })
        let monitor = try await active.monitorID("api")
        #expect(await eventually(within: .seconds(20)) {
            try await active.store.observations(monitor: monitor, since: nil, limit: 100)
                .contains { $0.probe == "agent-eu" && $0.observation.verdict == .up }
        }, "results were posted to the active server")
        // The canary is the /healthz of the server in use, not of the first one given.
        #expect(await eventually(within: .seconds(30)) {
            guard let probe = try await active.probe(named: "agent-eu") else { return false }
            return probe.lastHeartbeat != nil && !probe.impaired
        })
        let moved = agent.logs.all.filter { $0.message == "server unavailable; moving to the next" }
        #expect(moved.contains { $0.metadata["server"] == firstURL + "/" && $0.metadata["next"] == active.url + "/" })
        if let standby {
            #expect(moved.contains { $0.metadata["reason"]?.contains("503 standby") == true })
            #expect(try await standby.probe(named: "agent-eu")?.key == nil, "a standby keeps nothing of the agent")
        }
        #expect(await agent.ended(within: .zero) == nil)
        let stop = await agent.stop()
        #expect(throws: Never.self) { try stop.result?.get() }
        try await standby?.stop()
        try await active.stop()
        try await target.shutdown()
    }

    /// The replicas change roles while the agent runs: it follows the new active one and registers there.
    @Test func theAgentFollowsTheActiveReplicaWhenRolesChange() async throws {
        let firstIsActive = NIOLockedValueBox(true)
        let first = try await ServerHarness.start(isActive: { firstIsActive.withLockedValue { $0 } })
        let second = try await ServerHarness.start(isActive: { !firstIsActive.withLockedValue { $0 } })
        let token = try await first.addProbe(name: "agent-sa", region: "sa")
        try await second.addProbe(name: "agent-sa", region: "sa", token: token)
        // Replicas share one log key; these two databases do not share one log, so no witnessing here.
        let agent = try AgentHarness.start(try AgentHarness.configuration(
            servers: [first.url, second.url], token: token, region: "sa", witness: false))
        #expect(await eventually(within: .seconds(30)) { try await first.probe(named: "agent-sa")?.lastHeartbeat != nil })
        #expect(try await second.probe(named: "agent-sa")?.key == nil)

        firstIsActive.withLockedValue { $0 = false }
        #expect(await eventually(within: .seconds(15)) {
            guard let probe = try await second.probe(named: "agent-sa") else { return false }
            return probe.key == agent.signer.verifierKey.vkey && probe.lastHeartbeat != nil
        }, "the agent registered at the new active replica and beats there")
        #expect(agent.logs.all.contains { $0.message == "server unavailable; moving to the next" })
        #expect(await agent.ended(within: .zero) == nil)
        _ = await agent.stop()
        try await first.stop()
        try await second.stop()
    }
}
