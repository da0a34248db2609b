import Foundation
import Testing
import TrustMonitorAgentProtocol
import TrustMonitorCore
import TrustMonitorLedger
@testable import TrustMonitorAgent

/// What an agent signs can be opened with its registered key only, and only as signed: no byte of it can
/// change unnoticed.
@Suite struct SignedObservationTests {
    static func observation() -> Observation {
        let at = Date(timeIntervalSince1970: 1_790_000_000.25)
        let attempt = Attempt(number: 1, startedAt: at, url: "https://api.example.com/health", status: 503,
                              failure: Failure(.http5xx, "HTTP 503"))
        return Observation(target: "https://api.example.com/health", method: "GET", startedAt: at,
                           finishedAt: at.addingTimeInterval(0.120), attempts: [attempt], retryStop: "all 1 attempt used")
    }

    static func signed() -> SignedObservation {
        SignedObservation(lease: "lse_1", probe: "agent-eu", region: "eu-west", monitor: "mon_1", role: .verification,
                          observation: observation())
    }

    static func agentKey() throws -> NoteSigner {
        try AgentKey.loadOrCreate(dataDir: NSTemporaryDirectory() + "tm-agent-sign-\(UUID().uuidString)")
    }

    @Test func opensWithTheAgentsKeyAfterTheWire() throws {
        let key = try Self.agentKey()
        let envelope = try Self.signed().envelope(signer: key)
        // As posted: inside a ResultSubmission, through JSON.
        let wire = try JSONCoding.encoder().encode(ResultSubmission(results: [envelope]))
        let received = try JSONCoding.decoder().decode(ResultSubmission.self, from: wire).results[0]
        // The registered form of the key is its vkey text.
        let registered = try NoteVerifierKey(vkey: key.verifierKey.vkey)
        let opened = try SignedObservation.open(received, key: registered)
        #expect(opened.lease == "lse_1")
        #expect(opened.probe == "agent-eu")
        #expect(opened.region == "eu-west")
        #expect(opened.monitor == "mon_1")
        #expect(opened.role == .verification)
        #expect(opened.observation.failure == Failure(.http5xx, "HTTP 503"))
        #expect(opened.observation.startedAt == Self.observation().startedAt)
        #expect(try opened.payload() == received.payload)
    }

    @Test func anotherKeyCannotOpenIt() throws {
        let envelope = try Self.signed().envelope(signer: try Self.agentKey())
        let other = try Self.agentKey()
        #expect(throws: LedgerError.self) { try SignedObservation.open(envelope, key: other.verifierKey) }
        // Even one with the same name and the other's key label claimed.
        var relabelled = envelope
        relabelled.signatures[0].keyid = other.verifierKey.keyLabel
        #expect(throws: LedgerError.self) { try SignedObservation.open(relabelled, key: other.verifierKey) }
    }

    @Test func everyAlteredByteIsRefused() throws {
        let key = try Self.agentKey()
        let envelope = try Self.signed().envelope(signer: key)
        #expect(!envelope.payload.isEmpty)
        for index in envelope.payload.indices {
            var altered = envelope
            altered.payload[index] ^= 0x01
            #expect(throws: (any Error).self, "payload byte \(index)") {
                try SignedObservation.open(altered, key: key.verifierKey)
            }
        }
        for index in envelope.signatures[0].sig.indices {
            var altered = envelope
            altered.signatures[0].sig[index] ^= 0x80
            #expect(throws: LedgerError.self, "signature byte \(index)") {
                try SignedObservation.open(altered, key: key.verifierKey)
            }
        }
        var retyped = envelope
        retyped.payloadType = DSSE.incidentPayloadType
        #expect(throws: LedgerError.self) { try SignedObservation.open(retyped, key: key.verifierKey) }
    }
}
