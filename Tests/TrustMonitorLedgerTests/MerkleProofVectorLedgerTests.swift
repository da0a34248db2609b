import Testing
import TrustMonitorLedger

/// Known-answer proofs from transparency-dev/merkle `proof/verify_test.go` (`inclusionProofs` and
/// `consistencyProofs`, over the eight `leaves` in `MerkleHashLedgerTests`): our generator must produce exactly
/// these paths and our verifier must accept them.
@Suite("Ledger Merkle proof vectors")
struct MerkleProofVectorLedgerTests {
    static let h = LedgerFixtures.hash

    /// (leaf index zero-based, tree size, path). The Go table numbers leaves from 1; converted here.
    static let inclusionVectors: [(index: Int, size: Int, path: [String])] = [
        (0, 1, []),
        (0, 8, [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ]),
        (5, 8, [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ]),
        (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (1, 5, [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ]),
    ]

    static let consistencyVectors: [(old: Int, new: Int, path: [String])] = [
        (1, 1, []),
        (1, 8, [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ]),
        (6, 8, [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ]),
        (2, 5, [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ]),
        (6, 7, [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ]),
    ]

    @Test("inclusion proofs match the reference", arguments: inclusionVectors)
    func inclusion(index: Int, size: Int, path: [String]) throws {
        let tree = MerkleHashLedgerTests.referenceTree
        let proof = try tree.inclusionProof(index: index, size: size)
        #expect(proof.hashes == path.map(Self.h))
        let leaf = RFC6962.leafHash(entry: MerkleHashLedgerTests.referenceLeaves[index])
        let root = Self.h(MerkleHashLedgerTests.referenceRoots[size - 1].root)
        try InclusionProof(index: index, treeSize: size, hashes: path.map(Self.h)).verify(leafHash: leaf, root: root)
    }

    @Test("consistency proofs match the reference", arguments: consistencyVectors)
    func consistency(old: Int, new: Int, path: [String]) throws {
        let tree = MerkleHashLedgerTests.referenceTree
        #expect(try tree.consistencyProof(from: old, to: new).hashes == path.map(Self.h))
        let oldRoot = Self.h(MerkleHashLedgerTests.referenceRoots[old - 1].root)
        let newRoot = Self.h(MerkleHashLedgerTests.referenceRoots[new - 1].root)
        let proof = ConsistencyProof(oldSize: old, newSize: new, hashes: path.map(Self.h))
        try proof.verify(oldRoot: oldRoot, newRoot: newRoot)
        if old != new {
            #expect(throws: LedgerError.self) { try proof.verify(oldRoot: newRoot, newRoot: oldRoot) }
        }
    }

    /// The degenerate cases of transparency-dev/merkle `TestVerifyConsistency` and `TestVerifyInclusion`.
    @Test("degenerate sizes")
    func degenerate() throws {
        let some = Self.h("abacaba000000000000000000000000000000000000000000060061e00123456")
        let empty = RFC6962.emptyRoot
        try ConsistencyProof(oldSize: 0, newSize: 0, hashes: []).verify(oldRoot: empty, newRoot: empty)
        try ConsistencyProof(oldSize: 0, newSize: 5, hashes: []).verify(oldRoot: empty, newRoot: some)
        try ConsistencyProof(oldSize: 3, newSize: 3, hashes: []).verify(oldRoot: some, newRoot: some)
        let rejected: [(ConsistencyProof, MerkleHash, MerkleHash)] = [
            (ConsistencyProof(oldSize: 0, newSize: 0, hashes: []), empty, some),
            (ConsistencyProof(oldSize: 0, newSize: 1, hashes: []), some, some), // size 0 has only one root
            (ConsistencyProof(oldSize: 1, newSize: 1, hashes: []), empty, some),
            (ConsistencyProof(oldSize: 1, newSize: 0, hashes: []), some, some), // time travel
            (ConsistencyProof(oldSize: 2, newSize: 1, hashes: []), some, some),
            (ConsistencyProof(oldSize: 1, newSize: 2, hashes: []), some, some), // empty proof
            (ConsistencyProof(oldSize: 0, newSize: 0, hashes: [empty]), empty, empty), // proof must be empty
            (ConsistencyProof(oldSize: 0, newSize: 1, hashes: [empty]), empty, empty),
            (ConsistencyProof(oldSize: 1, newSize: 1, hashes: [empty]), empty, empty),
        ]
        for (proof, oldRoot, newRoot) in rejected {
            #expect(throws: LedgerError.self, "\(proof)") { try proof.verify(oldRoot: oldRoot, newRoot: newRoot) }
        }
        for (index, size) in [(0, 0), (1, 0), (2, 1), (-1, 4)] {
            let proof = InclusionProof(index: index, treeSize: size, hashes: [])
            #expect(throws: LedgerError.self) { try proof.verify(leafHash: some, root: some) }
        }
        let tree = MerkleHashLedgerTests.referenceTree
        #expect(throws: LedgerError.self) { try tree.inclusionProof(index: 8, size: 8) }
        #expect(throws: LedgerError.self) { try tree.inclusionProof(index: 0, size: 9) }
        #expect(throws: LedgerError.self) { try tree.consistencyProof(from: 5, to: 4) }
        #expect(throws: LedgerError.self) { try tree.consistencyProof(from: 1, to: 9) }
    }
}
