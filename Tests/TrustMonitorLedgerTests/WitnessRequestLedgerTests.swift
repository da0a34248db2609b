import Foundation
import Testing
import TrustMonitorLedger

/// The add-checkpoint request body: the spec's example, round trips, the log's builder, and hostile bodies that
/// must come back as `Malformed` (or, for a witness, never as a cosignature on anything but the real checkpoint).
@Suite("Ledger witness: add-checkpoint request")
struct WitnessRequestLedgerTests {
    /// The example request of C2SP tlog-witness, byte for byte.
    static let specProof = [
        "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=", "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=",
        "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=", "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=",
    ]
    static let specCheckpoint = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    static let specSignatures = "— example.com/behind-the-sofa "
        + "Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
        + "— example.com/behind-the-sofa "
        + "opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=\n"
    static let specHead = "old 20852014\n" + specProof.map { $0 + "\n" }.joined() + "\n"
    static let specBody = specHead + specCheckpoint + "\n" + specSignatures

    @Test("the spec's example request parses and re-serializes byte for byte")
    func specExample() throws {
        let request = try AddCheckpointRequest(parsing: Self.specBody)
        #expect(request.oldSize == 20_852_014)
        #expect(request.proof.map(\.base64) == Self.specProof)
        #expect(request.checkpoint.origin == "example.com/behind-the-sofa")
        #expect(request.checkpoint.size == 20_852_163)
        #expect(request.note.signatures.count == 2)
        #expect(request.body == Self.specBody)
        #expect(request.consistencyProof.oldSize == 20_852_014 && request.consistencyProof.newSize == 20_852_163)
    }

    @Test("the log's requests round-trip and carry the tree's consistency proof", arguments: [
        (0, 0), (0, 1), (0, 70), (1, 1), (1, 2), (17, 70), (40, 70), (64, 70), (70, 70),
    ])
    func logRequests(old: Int, size: Int) throws {
        let fixture = try WitnessFixture()
        let tree = WitnessFixture.tree(size: 70)
        let request = try fixture.request(tree, size: size, old: old)
        #expect(request.oldSize == old)
        #expect(request.proof == (try tree.consistencyProof(from: old, to: size).hashes))
        #expect(request.checkpoint.rootHash == (try tree.rootHash(size: size)))
        try request.consistencyProof.verify(oldRoot: tree.rootHash(size: old), newRoot: tree.rootHash(size: size))
        #expect(try AddCheckpointRequest(parsing: request.body) == request)
        #expect(try AddCheckpointRequest(parsing: Array(request.body.utf8)) == request)
        #expect(request.body.hasPrefix("old \(old)\n"))
    }

    @Test("the log refuses to build requests for another tree or a witness ahead of the checkpoint")
    func logBuilderRefuses() throws {
        let fixture = try WitnessFixture()
        let tree = WitnessFixture.tree(size: 70)
        let note = try fixture.note(tree, size: 40)
        #expect(throws: LedgerError.self) { try AddCheckpointRequest(note: note, tree: tree, witnessSize: 41) }
        #expect(throws: LedgerError.self) { try AddCheckpointRequest(note: note, tree: tree, witnessSize: -1) }
        let otherTree = WitnessFixture.tree(size: 70, branch: "b")
        #expect(throws: LedgerError.self) { try AddCheckpointRequest(note: note, tree: otherTree, witnessSize: 0) }
        #expect(throws: LedgerError.self) {
            try AddCheckpointRequest(note: note, tree: WitnessFixture.tree(size: 39), witnessSize: 0)
        }
        let notCheckpoint = SignedNote(text: "hello\n", signatures: note.signatures)
        #expect(throws: LedgerError.self) {
            try AddCheckpointRequest(note: notCheckpoint, tree: tree, witnessSize: 0)
        }
    }

    @Test("the value initializer enforces the spec's limits")
    func valueLimits() throws {
        let note = try SignedNote(parsing: Self.specCheckpoint + "\n" + Self.specSignatures)
        let hash = try #require(MerkleHash(base64: Self.specProof[0]))
        #expect(throws: AddCheckpointRequest.Malformed.self) {
            try AddCheckpointRequest(oldSize: -1, proof: [], note: note)
        }
        #expect(throws: AddCheckpointRequest.Malformed.self) {
            try AddCheckpointRequest(oldSize: 1, proof: Array(repeating: hash, count: 64), note: note)
        }
        _ = try AddCheckpointRequest(oldSize: 1, proof: Array(repeating: hash, count: 63), note: note)
        let notCheckpoint = SignedNote(text: "a\nb\n", signatures: note.signatures)
        #expect(throws: AddCheckpointRequest.Malformed.self) {
            try AddCheckpointRequest(oldSize: 1, proof: [], note: notCheckpoint)
        }
    }

    struct MalformedCase: CustomTestStringConvertible, Sendable {
        let name: String
        let body: String
        var testDescription: String { name }
    }

    static let checkpointNote = specCheckpoint + "\n" + specSignatures
    static let malformedCases: [MalformedCase] = [
        .init(name: "empty", body: ""),
        .init(name: "old line only", body: "old 0\n"),
        .init(name: "no checkpoint", body: "old 0\n\n"),
        .init(name: "no old line", body: checkpointNote),
        .init(name: "leading zero", body: "old 020852014\n\n" + checkpointNote),
        .init(name: "negative", body: "old -1\n\n" + checkpointNote),
        .init(name: "plus sign", body: "old +1\n\n" + checkpointNote),
        .init(name: "trailing space", body: "old 1 \n\n" + checkpointNote),
        .init(name: "two spaces", body: "old  1\n\n" + checkpointNote),
        .init(name: "capital", body: "Old 1\n\n" + checkpointNote),
        .init(name: "tab", body: "old\t1\n\n" + checkpointNote),
        .init(name: "no size", body: "old \n\n" + checkpointNote),
        .init(name: "hex size", body: "old 0x10\n\n" + checkpointNote),
        .init(name: "overflow", body: "old 99999999999999999999\n\n" + checkpointNote),
        .init(name: "CRLF", body: specBody.replacingOccurrences(of: "\n", with: "\r\n")),
        .init(name: "CR after old", body: "old 1\r\n\n" + checkpointNote),
        .init(name: "proof not base64", body: "old 5\n!!!!\n\n" + checkpointNote),
        .init(name: "proof 31 bytes", body: "old 5\n" + String(specProof[0].dropLast(4)) + "AA==\n\n" + checkpointNote),
        .init(name: "proof unpadded", body: "old 5\n" + String(specProof[0].dropLast()) + "\n\n" + checkpointNote),
        .init(name: "proof with space", body: "old 5\n " + specProof[0] + "\n\n" + checkpointNote),
        .init(name: "proof non-canonical bits",
              body: "old 5\nPlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkax=\n\n" + checkpointNote),
        .init(name: "64 proof lines", body: "old 5\n" + String(repeating: specProof[0] + "\n", count: 64) + "\n"
            + checkpointNote),
        .init(name: "blank line inside the proof",
              body: "old 5\n\(specProof[0])\n\n\(specProof[1])\n\n" + checkpointNote),
        .init(name: "note without signatures", body: specHead + specCheckpoint),
        .init(name: "note without blank line", body: specHead + specCheckpoint + specSignatures),
        .init(name: "checkpoint extension line", body: specHead + specCheckpoint + "ext\n\n" + specSignatures),
        .init(name: "checkpoint two lines", body: specHead + "example.com/behind-the-sofa\n20852163\n\n"
            + specSignatures),
        .init(name: "hyphen instead of em dash", body: specHead + specCheckpoint + "\n"
            + specSignatures.replacingOccurrences(of: "—", with: "-")),
        .init(name: "control character", body: specHead + specCheckpoint + "\n\u{7}" + specSignatures),
        .init(name: "signature line without newline", body: String(specBody.dropLast())),
        .init(name: "NUL in old line", body: "old 1\u{0}\n\n" + checkpointNote),
    ]

    @Test("malformed bodies are typed errors, and 400 at the witness", arguments: malformedCases)
    func malformed(testCase: MalformedCase) throws {
        #expect(throws: AddCheckpointRequest.Malformed.self) { try AddCheckpointRequest(parsing: testCase.body) }
        do {
            _ = try AddCheckpointRequest(parsing: testCase.body)
        } catch {
            #expect(!error.message.isEmpty)
            #expect(error.description.hasPrefix("malformed add-checkpoint request: "))
        }
        var witness = try WitnessFixture().witness()
        let rejection = witness.addCheckpoint(body: Array(testCase.body.utf8), now: WitnessFixture.now).rejection
        #expect(rejection?.code == .malformedRequest && rejection?.status == 400)
    }

    @Test("bodies that are not UTF-8 are malformed")
    func invalidUTF8() {
        var bytes = Array(Self.specBody.utf8)
        let index = bytes.count - 10
        bytes[index] = 0xFF
        #expect(throws: AddCheckpointRequest.Malformed.self) { try AddCheckpointRequest(parsing: bytes) }
        #expect(throws: AddCheckpointRequest.Malformed.self) {
            try AddCheckpointRequest(parsing: [0xC3] + Array("old 0\n\n".utf8) + Array(Self.checkpointNote.utf8))
        }
    }
}
