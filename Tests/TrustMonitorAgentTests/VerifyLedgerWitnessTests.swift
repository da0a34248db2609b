import Foundation
import Testing
import TrustMonitorLedger
@testable import TrustMonitorAgent
@testable import TrustMonitorCLI

/// `trustmonitor verify ledger --url ... --witness ...` against a server an agent really cosigned: the
/// policy holds with the agent's witness key and fails with a witness that never cosigned.
@Suite struct VerifyLedgerWitnessTests {
    static func verify(_ base: String, logKey: String, witness: String) async -> (status: Int32, output: String) {
        let output = AgentCommandTests.Output()
        let status = await CommandLineEntry.run(["verify", "ledger", "--url", base, "--log-key", logKey,
                                                 "--witness", witness, "--witness-quorum", "1"], output: output)
        return (status, output.text)
    }

    @Test func theAgentsCosignatureMeetsTheWitnessPolicy() async throws {
        let started = try await WitnessedServer.start(region: "us")
        let (server, agent, witnessKey) = (started.server, started.agent, started.witnessKey)
        try await server.growLedger(by: 4)
        _ = try #require(try await server.cosigned(by: witnessKey, atLeast: 5))
        // Stopped, so the served checkpoint stays the cosigned one while the CLI reads it.
        _ = await agent.stop()
        let logKey = server.keys.log.verifierKey.vkey

        let cosigned = await Self.verify(server.url, logKey: logKey, witness: witnessKey.vkey)
        #expect(cosigned.status == 0, "\(cosigned.output)")

        let stranger = try NoteSigner.generate(name: "us.witness.trustmonitor", type: .cosignatureV1)
        let uncosigned = await Self.verify(server.url, logKey: logKey, witness: stranger.verifierKey.vkey)
        #expect(uncosigned.status == 1, "\(uncosigned.output)")
        #expect(uncosigned.output.contains("witness policy"), "\(uncosigned.output)")
        try await server.stop()
    }
}
