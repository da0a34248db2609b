import Testing
import TrustMonitorLedger

/// The tlog-witness add-checkpoint state machine: every status the spec prescribes, and the one property that
/// matters, that the witness never cosigns two checkpoints inconsistent with each other.
@Suite("Ledger witness: add-checkpoint")
struct WitnessLedgerTests {
    static let origin = WitnessFixture.origin

    @Test("the first checkpoint, from old size 0, is cosigned and recorded")
    func firstCheckpoint() throws {
        let fixture = try WitnessFixture()
        let tree = WitnessFixture.tree(size: 10)
        var witness = try fixture.witness()
        #expect(witness.state[Self.origin] == .initial)
        let request = try fixture.request(tree, size: 10, old: 0)
        let cosigned = try witness.addCheckpoint(request, now: 1_700_000_123).get()
        let expected = try Checkpoint(origin: Self.origin, size: 10, rootHash: tree.rootHash)
        #expect(cosigned.checkpoint == expected)
        #expect(witness.state[Self.origin].size == 10)
        #expect(witness.state[Self.origin].rootHash == tree.rootHash)
        let key = fixture.witnessSigner.verifierKey
        #expect(key.isValidSignature(cosigned.signature, text: cosigned.checkpoint.text))
        #expect(Cosignature.timestamp(of: cosigned.signature) == 1_700_000_123)
        #expect(cosigned.body == cosigned.signature.line)
        #expect(cosigned.body.hasPrefix("\u{2014} \(key.name) ") && cosigned.body.hasSuffix("\n"))
        #expect(try WitnessResponse.cosignatures(body: cosigned.body, checkpoint: cosigned.checkpoint,
                                                 witness: key) == [cosigned.signature])
    }

    @Test("growth with a valid proof is cosigned", arguments: [
        (1, 2), (1, 300), (2, 3), (3, 4), (7, 8), (8, 9), (10, 70), (40, 70),
        (63, 64), (64, 65), (255, 256), (256, 300),
    ])
    func growth(old: Int, new: Int) throws {
        let fixture = try WitnessFixture()
        let tree = WitnessFixture.tree(size: new)
        var witness = try fixture.witness(cosigned: tree, sizes: [old])
        let request = try fixture.request(tree, size: new, old: old)
        #expect(!request.proof.isEmpty)
        let cosigned = try witness.addCheckpoint(request, now: WitnessFixture.now).get()
        #expect(cosigned.checkpoint.size == new)
        #expect(witness.state[Self.origin] == WitnessState.Log(size: new, rootHash: try tree.rootHash(size: new)))
    }

    @Test("a replay of the cosigned checkpoint is cosigned again; the state stays")
    func replay() throws {
        let fixture = try WitnessFixture()
        let tree = WitnessFixture.tree(size: 40)
        var witness = try fixture.witness(cosigned: tree, sizes: [40])
        let before = witness.state
        let request = try fixture.request(tree, size: 40, old: 40)
        #expect(request.proof.isEmpty)
        let again = try witness.addCheckpoint(request, now: WitnessFixture.now + 60).get()
        #expect(Cosignature.timestamp(of: again.signature) == WitnessFixture.now + 60)
        #expect(witness.state == before)
        // A replay must carry an empty proof.
        let padded = try AddCheckpointRequest(oldSize: 40, proof: [tree.rootHash], note: request.note)
        #expect(witness.addCheckpoint(padded, now: WitnessFixture.now).rejection?.status == 422)
        #expect(witness.state == before)
    }

    @Test("an old size other than the recorded one is 409 with the recorded size", arguments: [0, 10, 39, 41, 50])
    func staleOldSize(old: Int) throws {
        let fixture = try WitnessFixture()
        let tree = WitnessFixture.tree(size: 70)
        var witness = try fixture.witness(cosigned: tree, sizes: [20, 40])
        let before = witness.state
        let request = try fixture.request(tree, size: 70, old: old)
        let rejection = try #require(witness.addCheckpoint(request, now: WitnessFixture.now).rejection)
        #expect(rejection.code == .oldSizeMismatch)
        #expect(rejection.status == 409)
        #expect(rejection.knownSize == 40)
        #expect(rejection.body == "40\n")
        #expect(rejection.contentType == "text/x.tlog.size")
        #expect(WitnessResponse.knownSize(conflictBody: rejection.body) == 40)
        #expect(witness.state == before)
        // The log retries from the size in the body, as the spec intends.
        let retry = try fixture.request(tree, size: 70, old: try #require(rejection.knownSize))
        #expect(witness.addCheckpoint(retry, now: WitnessFixture.now).cosigned != nil)
    }

    @Test("an old size above the checkpoint's is 400, checked before the recorded size")
    func oldAboveNew() throws {
        let fixture = try WitnessFixture()
        let tree = WitnessFixture.tree(size: 40)
        for witnessSizes in [[], [40]] {
            var witness = try fixture.witness(cosigned: tree, sizes: witnessSizes)
            let honest = try fixture.request(tree, size: 30, old: 0)
            let request = try AddCheckpointRequest(oldSize: 40, proof: [], note: honest.note)
            let rejection = try #require(witness.addCheckpoint(request, now: WitnessFixture.now).rejection)
            #expect(rejection.code == .oldSizeAboveCheckpoint)
            #expect(rejection.status == 400)
            #expect(rejection.knownSize == nil)
        }
    }

    enum Forgery: String, CaseIterable, CustomTestStringConvertible {
        /// Signed by another key that has the log's name: no trusted key signed.
        case otherKey
        /// One bit of the log's signature flipped.
        case flippedSignature
        /// The root changed after signing.
        case alteredText
        /// Only a witness cosignature, no log signature.
        case cosignatureOnly

        var testDescription: String { rawValue }
    }

    @Test("a checkpoint the log did not sign is 403", arguments: Forgery.allCases)
    func forgedLogSignature(forgery: Forgery) throws {
        let fixture = try WitnessFixture()
        let tree = WitnessFixture.tree(size: 40)
        var witness = try fixture.witness(cosigned: tree, sizes: [20])
        let honest = try fixture.note(tree, size: 40)
        var note = honest
        switch forgery {
        case .otherKey:
            let impostor = try NoteSigner.generate(name: Self.origin, type: .ed25519)
            note.signatures = [try impostor.sign(text: honest.text)]
        case .flippedSignature:
            note.signatures[0].body[17] ^= 0x04
        case .alteredText:
            note.text = try Checkpoint(origin: Self.origin, size: 40, rootHash: tree.rootHash(size: 39)).text
        case .cosignatureOnly:
            note.signatures = [try fixture.witnessSigner.cosign(text: honest.text, timestamp: WitnessFixture.now)]
        }
        let proof = try tree.consistencyProof(from: 20, to: 40).hashes
        let request = try AddCheckpointRequest(oldSize: 20, proof: proof, note: note)
        let rejection = try #require(witness.addCheckpoint(request, now: WitnessFixture.now).rejection)
        #expect(rejection.code == .unverifiedCheckpoint)
        #expect(rejection.status == 403)
        #expect(witness.state[Self.origin].size == 20)
    }

    @Test("a checkpoint of an unknown origin is 404")
    func unknownOrigin() throws {
        let fixture = try WitnessFixture()
        var witness = try fixture.witness()
        let other = try NoteSigner.generate(name: "other.example.test/log", type: .ed25519)
        let checkpoint = try Checkpoint(origin: other.name, size: 5, rootHash: WitnessFixture.tree(size: 5).rootHash)
        let note = SignedNote(text: checkpoint.text, signatures: [try other.sign(text: checkpoint.text)])
        let request = try AddCheckpointRequest(oldSize: 0, proof: [], note: note)
        let rejection = try #require(witness.addCheckpoint(request, now: WitnessFixture.now).rejection)
        #expect(rejection.code == .unknownLog)
        #expect(rejection.status == 404)
        #expect(witness.state.logs.isEmpty)
    }

    @Test("a proof with any one bit flipped, a hash missing or one extra is 422", arguments: [
        (1, 2), (3, 7), (40, 70), (64, 300), (255, 256),
    ])
    func badProof(old: Int, new: Int) throws {
        let fixture = try WitnessFixture()
        let tree = WitnessFixture.tree(size: new)
        let witness = try fixture.witness(cosigned: tree, sizes: [old])
        let honest = try fixture.request(tree, size: new, old: old)
        var variants: [[MerkleHash]] = [Array(honest.proof.dropLast()), Array(honest.proof.dropFirst()),
                                        honest.proof + [tree.rootHash], []]
        for index in honest.proof.indices {
            for bit in 0..<256 {
                var proof = honest.proof
                proof[index] = LedgerFixtures.flipped(proof[index], bit: bit)
                variants.append(proof)
            }
        }
        for proof in variants {
            var attempt = witness
            let request = try AddCheckpointRequest(oldSize: old, proof: proof, note: honest.note)
            let rejection = attempt.addCheckpoint(request, now: WitnessFixture.now).rejection
            #expect(rejection?.code == .inconsistent && rejection?.status == 422)
            #expect(attempt.state == witness.state)
        }
    }

    @Test("from old size 0 the proof must be empty")
    func firstProofMustBeEmpty() throws {
        let fixture = try WitnessFixture()
        let tree = WitnessFixture.tree(size: 10)
        var witness = try fixture.witness()
        let request = try AddCheckpointRequest(oldSize: 0, proof: [tree.rootHash], note: fixture.note(tree, size: 10))
        #expect(witness.addCheckpoint(request, now: WitnessFixture.now).rejection?.status == 422)
        #expect(witness.state.logs.isEmpty)
    }

    @Test("a checkpoint of size 0 needs the empty root")
    func emptyTree() throws {
        let fixture = try WitnessFixture()
        var witness = try fixture.witness()
        let empty = try fixture.request(MerkleTree(), size: 0, old: 0)
        #expect(witness.addCheckpoint(empty, now: 1).cosigned != nil)
        let bogus = try Checkpoint(origin: Self.origin, size: 0, rootHash: WitnessFixture.tree(size: 1).rootHash)
        let note = SignedNote(text: bogus.text, signatures: [try fixture.log.sign(text: bogus.text)])
        let forked = try AddCheckpointRequest(oldSize: 0, proof: [], note: note)
        let rejection = witness.addCheckpoint(forked, now: 1).rejection
        #expect(rejection?.code == .rootMismatch && rejection?.status == 409)
        #expect(rejection?.knownSize == 0)
    }

    @Test("a clock beyond 2^63 - 1 is a 500 and records nothing")
    func signingFails() throws {
        let fixture = try WitnessFixture()
        var witness = try fixture.witness()
        let request = try fixture.request(WitnessFixture.tree(size: 3), size: 3, old: 0)
        let rejection = try #require(witness.addCheckpoint(request, now: UInt64.max).rejection)
        #expect(rejection.code == .signingFailed && rejection.status == 500)
        #expect(witness.state.logs.isEmpty)
    }

    @Test("a body that is not a request is 400")
    func malformedBody() throws {
        let fixture = try WitnessFixture()
        var witness = try fixture.witness()
        let rejection = try #require(witness.addCheckpoint(body: Array("old 1\n".utf8), now: 1).rejection)
        #expect(rejection.code == .malformedRequest && rejection.status == 400)
        #expect(rejection.body == rejection.message + "\n")
        #expect(rejection.contentType.hasPrefix("text/plain"))
        let request = try fixture.request(WitnessFixture.tree(size: 3), size: 3, old: 0)
        #expect(witness.addCheckpoint(body: Array(request.body.utf8), now: 1).cosigned != nil)
    }

    @Test("a witness keeps one record per origin and takes only typed keys")
    func configuration() throws {
        let fixture = try WitnessFixture()
        let second = try NoteSigner.generate(name: "monitor.example.test/second", type: .ed25519)
        var witness = try Witness(signer: fixture.witnessSigner,
                                  logKeys: [fixture.log.verifierKey, second.verifierKey])
        #expect(Set(witness.logKeys) == [fixture.log.verifierKey, second.verifierKey])
        let tree = WitnessFixture.tree(size: 5)
        let first = try fixture.request(tree, size: 5, old: 0)
        _ = try witness.addCheckpoint(first, now: 1).get()
        let checkpoint = try Checkpoint(origin: second.name, size: 2, rootHash: tree.rootHash(size: 2))
        let note = SignedNote(text: checkpoint.text, signatures: [try second.sign(text: checkpoint.text)])
        let secondRequest = try AddCheckpointRequest(oldSize: 0, proof: [], note: note)
        _ = try witness.addCheckpoint(secondRequest, now: 1).get()
        #expect(witness.state[Self.origin].size == 5 && witness.state[second.name].size == 2)

        #expect(throws: LedgerError.self) { try Witness(signer: fixture.log, logKeys: [fixture.log.verifierKey]) }
        #expect(throws: LedgerError.self) {
            try Witness(signer: fixture.witnessSigner, logKeys: [fixture.witnessSigner.verifierKey])
        }
    }
}
