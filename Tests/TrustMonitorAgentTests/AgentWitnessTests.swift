import Foundation
import Testing
import TrustMonitorLedger
@testable import TrustMonitorAgent
@testable import TrustMonitorTestSupport

/// A real agent as the log's witness, against the real server routes: it cosigns what extends what it
/// cosigned, keeps that on disk across restarts, and refuses a log that shows it another history.
@Suite struct AgentWitnessTests {
    @Test func theAgentCosignsTheServedCheckpointAndGoesOnFromItsStateAfterARestart() async throws {
        let started = try await WitnessedServer.start(region: "eu")
        let (server, configuration, agent, witnessKey) = (started.server, started.configuration, started.agent,
                                                          started.witnessKey)
        #expect(witnessKey.name == "eu.witness.trustmonitor")
        #expect(witnessKey.type == .cosignatureV1)

        // The agent's registration is the log's first entry; the checkpoint over it gets cosigned.
        let first = try #require(try await server.cosigned(by: witnessKey, atLeast: 1))
        #expect(first.cosigners.map(\.key) == [witnessKey])
        #expect(try agent.keptState()[ServerHarness.origin].size == first.checkpoint.size)
        #expect(try agent.keptState()[ServerHarness.origin].rootHash == first.checkpoint.rootHash)
        // The log key it trusts is pinned beside its keys; its own key is private.
        let pinned = try String(contentsOfFile: agent.dataDir + "/log.vkey", encoding: .utf8)
        #expect(pinned == server.keys.log.verifierKey.vkey + "\n")
        #expect(try AgentKeyTests.mode(agent.dataDir + "/witness.skey") == 0o600)

        // The log grows; each newer checkpoint is cosigned after a consistency proof from the kept size.
        try await server.growLedger(by: 5)
        let grown = try #require(try await server.cosigned(by: witnessKey, atLeast: first.checkpoint.size + 5))
        #expect(try agent.keptState()[ServerHarness.origin].size == grown.checkpoint.size)

        let stop = await agent.stop()
        #expect(throws: Never.self) { try stop.result?.get() }
        try await server.growLedger(by: 3)
        let restarted = try AgentHarness.start(configuration)
        #expect(try restarted.witnessKey == witnessKey)
        let after = try #require(try await server.cosigned(by: witnessKey, atLeast: grown.checkpoint.size + 3))
        #expect(try restarted.keptState()[ServerHarness.origin].size == after.checkpoint.size)
        // It went on from the size it kept, not from an empty state.
        #expect(restarted.logs.all.contains {
            $0.message == "witnessing the log" && $0.metadata["cosigned_size"] == "\(grown.checkpoint.size)"
        })
        _ = await restarted.stop()
        try await server.stop()
    }

    /// Another database under the same log key and origin: a log showing this witness a second history.
    /// The witness answers 422, the answer reaches the server, and the fork is never cosigned.
    @Test func aLogThatShowsAnotherHistoryIsRefusedAndNeverCosigned() async throws {
        let started = try await WitnessedServer.start(region: "eu")
        let (server, token, agent, witnessKey) = (started.server, started.token, started.agent, started.witnessKey)
        try await server.growLedger(by: 2)
        let honest = try #require(try await server.cosigned(by: witnessKey, atLeast: 3))
        _ = await agent.stop()
        try await server.stop()

        let fork = try await ServerHarness.start(keysFrom: server.directory)
        #expect(fork.keys.log.verifierKey == server.keys.log.verifierKey)
        try await fork.addProbe(name: "witness-eu", region: "eu", token: token)
        try await fork.growLedger(by: 10)
        let forkConfiguration = try AgentHarness.configuration(server: fork.url, token: token, region: "eu",
                                                               dataDir: agent.dataDir)
        let witness = try AgentHarness.start(forkConfiguration)
        #expect(await eventually(within: .seconds(20)) { fork.loggedWitnessRefusal(["409", "422"]) },
                "the witness's refusal was posted back to the log")
        #expect(witness.logs.all.contains { $0.message == "refused to cosign" && $0.metadata["status"] == "422" })

        let served = try SignedNote(parsing: try await fork.servedCheckpoint())
        #expect(try Checkpoint(text: served.text).size > honest.checkpoint.size)
        #expect(!served.signatures.contains { $0.name == witnessKey.name && $0.keyID == witnessKey.keyID })
        let verifier = try CheckpointVerifier(logKey: fork.keys.log.verifierKey, witnesses: [witnessKey], quorum: 1)
        #expect(throws: LedgerError.self) { try verifier.verify(note: served.serialized) }
        // The witness still remembers the honest history, and nothing else.
        #expect(try witness.keptState()[ServerHarness.origin] == WitnessState.Log(
            size: honest.checkpoint.size, rootHash: honest.checkpoint.rootHash))
        _ = await witness.stop()
        try await fork.stop()
    }

    /// A server whose log key is not the pinned one gets no cosignature; the agent's checks go on.
    @Test func anotherLogKeyIsNotWitnessedButTheAgentKeepsWorking() async throws {
        let server = try await ServerHarness.start()
        let stranger = try NoteSigner.generate(name: ServerHarness.origin, type: .ed25519)
        let token = try await server.addProbe(name: "witness-ap", region: "ap")
        let agent = try AgentHarness.start(try AgentHarness.configuration(
            server: server.url, token: token, region: "ap", logKey: stranger.verifierKey.vkey))
        let witnessKey = try agent.witnessKey
        #expect(await eventually(within: .seconds(30)) {
            agent.logs.all.contains { $0.message.hasPrefix("not witnessing any more: the server signs with another log key") }
        })
        #expect(await eventually(within: .seconds(30)) { try await server.probe(named: "witness-ap")?.lastHeartbeat != nil })
        let served = try SignedNote(parsing: try await server.servedCheckpoint())
        #expect(!served.signatures.contains { $0.keyID == witnessKey.keyID })
        #expect(try agent.keptState() == WitnessState())
        let pinned = try String(contentsOfFile: agent.dataDir + "/log.vkey", encoding: .utf8)
        #expect(pinned == stranger.verifierKey.vkey + "\n")
        #expect(await agent.ended(within: .zero) == nil, "the agent runs on without witnessing")
        _ = await agent.stop()
        try await server.stop()
    }
}
