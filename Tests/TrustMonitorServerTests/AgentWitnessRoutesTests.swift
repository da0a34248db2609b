import Foundation
import Testing
import TrustMonitorAgentProtocol
import TrustMonitorCore
import TrustMonitorLedger
import TrustMonitorServer
import TrustMonitorStore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Agents as witnesses: they pull add-checkpoint requests, cosign only what extends what they cosigned,
/// and the served checkpoint carries their cosignatures for verifiers that require witnesses.
@Suite struct AgentWitnessRoutesTests {
    static func postText(_ url: String, token: String, _ body: some Encodable) async throws -> (status: Int, text: String) {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.httpBody = try JSONCoding.encoder().encode(body)
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test func aWitnessingAgentCosignsTheServedCheckpoint() async throws {
        let fixture = try await AgentRoutesTests.fixture()
        let directory = NSTemporaryDirectory() + "tm-witness-\(UUID().uuidString)"
        let keys = try LedgerKeys.loadOrCreate(dataDir: directory, origin: "witness.example/trustmonitor/ledger")
        let publisher = CheckpointPublisher(store: fixture.store, signer: keys.log)
        let witnessSigner = try NoteSigner.generate(name: "eu-1.witness.example", type: .cosignatureV1)
        let routes = AgentRoutes(store: fixture.store, engine: fixture.engine, remote: fixture.remote, checkpoints: publisher)
        try await APIRoutesTests.withServer(fixture.store, checkpoints: publisher, reportSigner: keys.report,
                                            agents: routes) { base in
            let agent = base + "/api/v1/agent/"
            let registered = try await AgentRoutesTests.post(agent + "register", token: fixture.token, AgentRegistration(
                region: "eu", key: fixture.signer.verifierKey.vkey, witnessKey: witnessSigner.verifierKey.vkey))
            #expect(registered.status == 200)
            let logKey = try NoteVerifierKey(vkey: try #require(registered.json["log_key"] as? String))
            #expect(logKey == keys.log.verifierKey)
            try await publisher.publish()   // the registration is entry 0: checkpoint of size 1

            var witness = try Witness(signer: witnessSigner, logKeys: [logKey])
            for round in 0..<2 {
                let size = witness.state[logKey.name].size
                let poll = try await Self.postText(agent + "witness", token: fixture.token, WitnessPoll(size: size, waitMs: 2000))
                #expect(poll.status == 200, "round \(round): \(poll.text)")
                let request = try AddCheckpointRequest(parsing: poll.text)
                let cosigned = try witness.addCheckpoint(request, now: UInt64(Date().timeIntervalSince1970)).get()
                let answer = try await AgentRoutesTests.post(agent + "cosign", token: fixture.token, WitnessAnswer(
                    size: cosigned.checkpoint.size, status: 200, body: cosigned.body))
                #expect(answer.status == 200 && answer.json["accepted"] as? Bool == true)

                let served = try await APIRoutesTests.getText(base + "/ledger/checkpoint")
                let verifier = try CheckpointVerifier(logKey: logKey, witnesses: [witnessSigner.verifierKey], quorum: 1)
                let verified = try verifier.verify(note: served)
                #expect(verified.checkpoint.size == cosigned.checkpoint.size)
                #expect(verified.cosigners.map(\.key) == [witnessSigner.verifierKey])
                // The log grows; the next round proves consistency from the size the witness cosigned.
                _ = try await fixture.store.appendLedgerEntries([LedgerEntryDraft(
                    type: "test.grow", ts: Date(), monitor: nil, incident: nil, fields: ["round": .int(round)])])
                try await publisher.publish()
            }
            // Up to date with nothing newer: 204 after the wait.
            let size = witness.state[logKey.name].size
            try await publisher.publish()
            let current = try #require(await publisher.latest)
            let caughtUp = try await Self.postText(agent + "witness", token: fixture.token,
                                                   WitnessPoll(size: try Checkpoint(text: current.text).size, waitMs: 300))
            #expect(caughtUp.status == 204)
            #expect(size > 0)

            // A cosignature by another key is refused and not served.
            let forger = try NoteSigner.generate(name: "eu-1.witness.example", type: .cosignatureV1)
            let checkpoint = try Checkpoint(text: current.text)
            let forged = try forger.cosign(text: checkpoint.text, timestamp: UInt64(Date().timeIntervalSince1970))
            let refused = try await AgentRoutesTests.post(agent + "cosign", token: fixture.token, WitnessAnswer(
                size: checkpoint.size, status: 200, body: forged.line))
            #expect(refused.status == 403 && APIRoutesTests.errorCode(refused.json) == "bad_cosignature")
        }
        try await fixture.store.close()
    }
}
