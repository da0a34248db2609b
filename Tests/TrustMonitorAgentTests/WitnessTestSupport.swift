import Foundation
import Testing
import TrustMonitorLedger
@testable import TrustMonitorAgent
@testable import TrustMonitorTestSupport

extension ServerHarness {
    /// The served checkpoint once it verifies with the log key and `witness`'s cosignature over at least
    /// `size` entries; nil if that does not happen within `limit`.
    func cosigned(by witness: NoteVerifierKey, atLeast size: Int,
                  within limit: Duration = .seconds(20)) async throws -> CheckpointVerifier.Verified? {
        let verifier = try CheckpointVerifier(logKey: keys.log.verifierKey, witnesses: [witness], quorum: 1)
        var verified: CheckpointVerifier.Verified?
        _ = await eventually(within: limit, pollEvery: .milliseconds(100)) {
            verified = try verifier.verify(note: try await servedCheckpoint())
            return (verified?.checkpoint.size ?? 0) >= size
        }
        return verified.flatMap { $0.checkpoint.size >= size ? $0 : nil }
    }

    /// Whether the server logged a witness's refusal with one of `statuses`.
    func loggedWitnessRefusal(_ statuses: Set<String>) -> Bool {
        logs.all.contains { $0.message == "witness refused a checkpoint" && statuses.contains($0.metadata["status"] ?? "") }
    }
}

extension AgentHarness {
    /// The witness state as kept on disk (empty before the first cosignature).
    func keptState() throws -> WitnessState {
        let path = WitnessFiles.path(dataDir, WitnessFiles.stateFile)
        guard FileManager.default.fileExists(atPath: path) else { return WitnessState() }
        return try JSONDecoder().decode(WitnessState.self, from: try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    var witnessKey: NoteVerifierKey {
        get throws { try #require(witness?.signer.verifierKey) }
    }
}

/// A server and a witnessing agent of `region` registered with it: how every witness test begins.
struct WitnessedServer {
    let server: ServerHarness
    let token: String
    let configuration: AgentConfiguration
    let agent: AgentHarness
    let witnessKey: NoteVerifierKey

    static func start(region: String) async throws -> WitnessedServer {
        let server = try await ServerHarness.start()
        let token = try await server.addProbe(name: "witness-\(region)", region: region)
        let configuration = try AgentHarness.configuration(server: server.url, token: token, region: region)
        let agent = try AgentHarness.start(configuration)
        return WitnessedServer(server: server, token: token, configuration: configuration, agent: agent,
                               witnessKey: try agent.witnessKey)
    }
}
