import Testing
import TrustMonitorLedger

@Suite("Ledger cosignatures")
struct CosignatureLedgerTests {
    static let origin = "monitor.example.com/trustmonitor/ledger"

    struct Setup {
        let log: NoteSigner
        let witnesses: [NoteSigner]
        let checkpoint: Checkpoint

        init() throws {
            log = try NoteSigner.generate(name: CosignatureLedgerTests.origin, type: .ed25519)
            witnesses = try (1...3).map { try NoteSigner.generate(name: "witness\($0).example", type: .cosignatureV1) }
            let (tree, _) = LedgerFixtures.tree(count: 42)
            checkpoint = try Checkpoint(origin: CosignatureLedgerTests.origin, size: 42, rootHash: tree.rootHash)
        }

        func note(cosignedBy signers: [NoteSigner], timestamp: UInt64 = 1_700_000_000) throws -> SignedNote {
            var signatures = [try log.sign(text: checkpoint.text)]
            for witness in signers {
                signatures.append(try witness.cosign(text: checkpoint.text, timestamp: timestamp))
            }
            return SignedNote(text: checkpoint.text, signatures: signatures)
        }

        func policy(quorum: Int) throws -> CheckpointVerifier {
            try CheckpointVerifier(logKey: log.verifierKey, witnesses: witnesses.map(\.verifierKey), quorum: quorum)
        }
    }

    @Test("the signed message is the cosignature/v1 header, the time line and the checkpoint")
    func signedMessage() {
        let text = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
        let expected = "cosignature/v1\ntime 1679315147\n" + text
        #expect(Cosignature.signedMessage(text: text, timestamp: 1_679_315_147) == Array(expected.utf8))
    }

    @Test("a cosignature line is key ID, timestamp and signature: 76 bytes; its key has type 0x04")
    func lineLayout() throws {
        let setup = try Setup()
        let line = try setup.witnesses[0].cosign(text: setup.checkpoint.text, timestamp: 1_679_315_147)
        #expect(line.body.count == 72)
        #expect(Array(line.body.prefix(8)) == [0, 0, 0, 0, 0x64, 0x18, 0x50, 0xCB])
        #expect(Cosignature.timestamp(of: line) == 1_679_315_147)
        let key = setup.witnesses[0].verifierKey
        #expect(key.type == .cosignatureV1)
        #expect(try NoteVerifierKey(vkey: key.vkey) == key)
        #expect(try NoteSigner(skey: setup.witnesses[0].skey).verifierKey == key)
        #expect(key.isValidSignature(line, text: setup.checkpoint.text))
        // The same key as a log key would have another ID: the type byte is hashed in.
        #expect(setup.witnesses[0].verifierKey.keyID != setup.log.verifierKey.keyID)
        #expect(throws: LedgerError.self) { try setup.witnesses[0].sign(text: setup.checkpoint.text) }
    }

    @Test("log key plus 2 of 3 witnesses", arguments: [
        (cosigners: [0, 1, 2], passes: true),
        (cosigners: [0, 2], passes: true),
        (cosigners: [1], passes: false),
        (cosigners: [], passes: false),
        (cosigners: [1, 1], passes: false), // one witness twice is still one witness
    ])
    func quorum(cosigners: [Int], passes: Bool) throws {
        let setup = try Setup()
        let note = try setup.note(cosignedBy: cosigners.map { setup.witnesses[$0] })
        let policy = try setup.policy(quorum: 2)
        if passes {
            let verified = try policy.verify(note: note.serialized)
            #expect(verified.checkpoint == setup.checkpoint)
            #expect(Set(verified.cosigners.map(\.key.name)) == Set(cosigners.map { setup.witnesses[$0].name }))
            #expect(verified.cosigners.allSatisfy { $0.timestamp == 1_700_000_000 })
        } else {
            #expect(throws: LedgerError.self) { try policy.verify(note: note.serialized) }
        }
    }

    @Test("rejections: tampered checkpoint, tampered timestamp, missing log signature, wrong origin")
    func rejections() throws {
        let setup = try Setup()
        let policy = try setup.policy(quorum: 1)
        let good = try setup.note(cosignedBy: [setup.witnesses[0]])
        _ = try policy.verify(note: good.serialized)

        var retimed = good
        retimed.signatures[1].body[7] ^= 1 // the timestamp is signed
        #expect(throws: LedgerError.self) { try policy.verify(note: retimed.serialized) }

        var bitFlipped = good
        bitFlipped.signatures[1].body[40] ^= 0x10
        #expect(throws: LedgerError.self) { try policy.verify(note: bitFlipped.serialized) }

        let other = try Checkpoint(origin: Self.origin, size: 43, rootHash: setup.checkpoint.rootHash)
        let moved = SignedNote(text: other.text, signatures: good.signatures)
        #expect(throws: LedgerError.self) { try policy.verify(note: moved.serialized) }

        let unsignedByLog = SignedNote(text: good.text, signatures: [good.signatures[1]])
        #expect(throws: LedgerError.self) { try policy.verify(note: unsignedByLog.serialized) }

        // A witness unknown to the policy is ignored, not fatal.
        let stranger = try NoteSigner.generate(name: "stranger.example", type: .cosignatureV1)
        let extra = try setup.note(cosignedBy: [setup.witnesses[0], stranger])
        #expect(try policy.verify(note: extra.serialized).cosigners.count == 1)

        #expect(throws: LedgerError.self) { try CheckpointVerifier(logKey: setup.witnesses[0].verifierKey) }
        #expect(throws: LedgerError.self) { try CheckpointVerifier(logKey: setup.log.verifierKey, quorum: 1) }
    }
}
