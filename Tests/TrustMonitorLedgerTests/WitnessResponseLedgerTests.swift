import Testing
import TrustMonitorLedger

/// The log's reading of the witness's answers: cosignature lines it may add to its checkpoint, and the size in
/// a 409 body.
@Suite("Ledger witness: responses, read by the log")
struct WitnessResponseLedgerTests {
    @Test("a 200 body yields the witness's verified lines; other keys' lines are ignored")
    func cosignatures() throws {
        let fixture = try WitnessFixture()
        var witness = try fixture.witness()
        let tree = WitnessFixture.tree(size: 12)
        let cosigned = try witness.addCheckpoint(fixture.request(tree, size: 12, old: 0), now: 42).get()
        let key = fixture.witnessSigner.verifierKey
        let stranger = try NoteSigner.generate(name: "stranger.example.test", type: .cosignatureV1)
        let body = try stranger.cosign(text: cosigned.checkpoint.text, timestamp: 7).line + cosigned.body
        let lines = try WitnessResponse.cosignatures(body: body, checkpoint: cosigned.checkpoint, witness: key)
        #expect(lines == [cosigned.signature])
    }

    @Test("a 200 body is rejected when tampered, empty, about another checkpoint or smuggling text")
    func rejected() throws {
        let fixture = try WitnessFixture()
        var witness = try fixture.witness()
        let tree = WitnessFixture.tree(size: 12)
        let cosigned = try witness.addCheckpoint(fixture.request(tree, size: 12, old: 0), now: 42).get()
        let checkpoint = cosigned.checkpoint
        let key = fixture.witnessSigner.verifierKey
        var flipped = cosigned.signature
        flipped.body[3] ^= 0x01 // inside the timestamp
        let other = try Checkpoint(origin: checkpoint.origin, size: 11, rootHash: tree.rootHash(size: 11))
        let smuggled = "extra\n\n" + cosigned.body
        for (body, about) in [(flipped.line, checkpoint), ("", checkpoint), ("garbage\n", checkpoint),
                              (cosigned.body, other), (smuggled, checkpoint)] {
            #expect(throws: LedgerError.self) {
                try WitnessResponse.cosignatures(body: body, checkpoint: about, witness: key)
            }
        }
        #expect(throws: LedgerError.self) {
            try WitnessResponse.cosignatures(body: cosigned.body, checkpoint: checkpoint,
                                             witness: fixture.log.verifierKey)
        }
    }

    @Test("a 409 body is the size in canonical decimal and a newline", arguments: [
        ("0\n", 0), ("40\n", 40), ("20852014\n", 20_852_014),
        ("40", nil), ("040\n", nil), ("-1\n", nil), ("40\r\n", nil), (" 40\n", nil), ("", nil), ("4 0\n", nil),
    ] as [(String, Int?)])
    func conflictSize(body: String, size: Int?) {
        #expect(WitnessResponse.knownSize(conflictBody: body) == size)
    }
}
