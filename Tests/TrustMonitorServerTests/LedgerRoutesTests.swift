import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorLedger
import TrustMonitorServer
import TrustMonitorStore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The ledger as a verifier sees it: keys on disk, and a checkpoint signed over exactly the stored entries.
@Suite struct LedgerRoutesTests {
    @Test func keysAreCreatedOnceWithOwnerOnlyPermissions() throws {
        let directory = NSTemporaryDirectory() + "tm-keys-\(UUID().uuidString)"
        let first = try LedgerKeys.loadOrCreate(dataDir: directory, origin: "test.example/trustmonitor/ledger")
        let again = try LedgerKeys.loadOrCreate(dataDir: directory, origin: "other.example/ledger")
        let shown = try LedgerKeys.load(dataDir: directory)
        #expect(again.log.verifierKey == first.log.verifierKey, "the origin is fixed when the key is made")
        #expect(shown.report.verifierKey == first.report.verifierKey)
        #expect(first.log.name == "test.example/trustmonitor/ledger")
        #expect(first.log.verifierKey != first.report.verifierKey)
        for file in ["log.skey", "report.skey"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/" + file)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        }
        #expect(throws: (any Error).self) { try LedgerKeys.load(dataDir: directory + "/missing") }
    }

    /// A standby never signs: it serves the newest checkpoint the active replica stored, follows it as the log
    /// grows (never a frozen one), serves tiles only as far as it covers, and leaves witnesses to the active one.
    @Test func aStandbyServesTheActiveReplicasNewestCheckpoint() async throws {
        let seeded = try await APIRoutesTests.seed()
        let directory = NSTemporaryDirectory() + "tm-ledger-\(UUID().uuidString)"
        let keys = try LedgerKeys.loadOrCreate(dataDir: directory, origin: "test.example/trustmonitor/ledger")
        let active = CheckpointPublisher(store: seeded.store, signer: keys.log)
        let standby = CheckpointPublisher(store: seeded.store, signer: keys.log, signs: { false })

        await #expect(throws: NoCheckpointYet.self) { try await standby.current() }
        let first = try await active.publish()
        #expect(try await standby.current().serialized == first.serialized)
        try await seeded.store.resolveIncident(id: seeded.incidentID, at: Date(), recoveries: [])
        // Entries beyond the newest checkpoint are not served yet, and the standby signs nothing over them.
        #expect(try await standby.current().serialized == first.serialized)
        #expect(try await standby.entryBundle(index: 0, width: 5) == nil)
        #expect(try await seeded.store.checkpoints().count == 1)
        let grown = try await active.publish()
        #expect(try await standby.current().serialized == grown.serialized)
        #expect(try await standby.entryBundle(index: 0, width: 5) != nil)
        #expect(try await standby.witnessRequest(witnessSize: 0) == nil, "witnesses cosign through the active replica")
        #expect(try await active.witnessRequest(witnessSize: 0) != nil)
        try await seeded.store.close()
    }

    @Test func checkpointIsSignedOverTheStoredEntries() async throws {
        let seeded = try await APIRoutesTests.seed()
        let directory = NSTemporaryDirectory() + "tm-ledger-\(UUID().uuidString)"
        let keys = try LedgerKeys.loadOrCreate(dataDir: directory, origin: "test.example/trustmonitor/ledger")
        let publisher = CheckpointPublisher(store: seeded.store, signer: keys.log)
        let entries = try await seeded.store.ledgerEntries(from: 0, limit: 100)
        let leafHashes = try entries.map { try #require(MerkleHash(hex: $0.leafHash)) }

        try await APIRoutesTests.withServer(seeded.store, checkpoints: publisher) { base in
            let (data, response) = try await URLSession.shared.data(from: try #require(URL(string: base + "/ledger/checkpoint")))
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            let note = try SignedNote(parsing: String(decoding: data, as: UTF8.self))
            let verified = try NoteVerifier(keys: [keys.log.verifierKey]).verify(note)
            #expect(verified == [keys.log.verifierKey])
            let checkpoint = try Checkpoint(text: note.text)
            #expect(checkpoint.origin == "test.example/trustmonitor/ledger")
            #expect(checkpoint.size == entries.count)
            #expect(checkpoint.size == 3, "opened + two looks")
            #expect(checkpoint.rootHash == RFC6962.rootHash(leafHashes: leafHashes))
            // The report key must not verify the log.
            #expect(throws: (any Error).self) {
                _ = try NoteVerifier(keys: [keys.report.verifierKey]).verify(note)
            }
        }

        try await seeded.store.resolveIncident(id: seeded.incidentID, at: Date(), recoveries: [])
        let grown = try await publisher.publish()
        #expect(try Checkpoint(text: grown.text).size == 5, "resolved and report appended")
        try await seeded.store.close()
    }

    @Test func consistencyProofsProveTheLogOnlyGrew() async throws {
        let seeded = try await APIRoutesTests.seed()
        let directory = NSTemporaryDirectory() + "tm-proof-\(UUID().uuidString)"
        let keys = try LedgerKeys.loadOrCreate(dataDir: directory, origin: "proof.example/trustmonitor/ledger")
        let publisher = CheckpointPublisher(store: seeded.store, signer: keys.log)
        let old = try Checkpoint(text: try await publisher.publish().text)
        try await seeded.store.resolveIncident(id: seeded.incidentID, at: Date(), recoveries: [])
        let new = try Checkpoint(text: try await publisher.publish().text)
        try await APIRoutesTests.withServer(seeded.store, checkpoints: publisher, reportSigner: keys.report) { base in
            let response = try await APIRoutesTests.get(base + "/api/v1/ledger/proof?from=\(old.size)&to=\(new.size)")
            #expect(response.status == 200)
            let hashes = try #require(response.json["hashes"] as? [String]).compactMap(MerkleHash.init(base64:))
            try ConsistencyProof(oldSize: old.size, newSize: new.size, hashes: hashes)
                .verify(oldRoot: old.rootHash, newRoot: new.rootHash)
            for bad in ["from=0&to=3", "from=3&to=99", "from=4&to=3", "to=3", "from=a&to=b"] {
                let rejected = try await APIRoutesTests.get(base + "/api/v1/ledger/proof?" + bad)
                #expect(rejected.status == 400, "\(bad)")
                #expect(APIRoutesTests.errorCode(rejected.json) == "invalid_parameter")
            }
        }
        try await seeded.store.close()
    }
}

extension LedgerRoutesTests {
    /// A replica started with its own key files must not sign on over a log another key signed.
    @Test func aDifferentLogKeyRefusesToSignOverTheStoredLog() async throws {
        let seeded = try await APIRoutesTests.seed()
        let first = try NoteSigner.generate(name: "replica.example/trustmonitor/ledger", type: .ed25519)
        try await CheckpointPublisher(store: seeded.store, signer: first).publish()
        let other = try NoteSigner.generate(name: "replica.example/trustmonitor/ledger", type: .ed25519)
        await #expect(throws: LedgerKeyMismatch.self) {
            try await CheckpointPublisher(store: seeded.store, signer: other).publish()
        }
        // The right key carries on.
        #expect(try await CheckpointPublisher(store: seeded.store, signer: first).publish().signatures.count == 1)
        try await seeded.store.close()
    }
}
