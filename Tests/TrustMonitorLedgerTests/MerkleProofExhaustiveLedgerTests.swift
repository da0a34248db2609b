import Testing
import TrustMonitorLedger

/// Every proof of every tree from 1 to 300 leaves, generated and verified by us, and rejected after any single
/// change: a flipped bit in the leaf hash, either root, or a proof hash; a wrong index or old size; a path one
/// element shorter or longer. Which proof hash and which bit are flipped rotate with the index (old size), so
/// the table hits every proof position and every bit position; flipping every element
/// of every proof multiplied the debug-build run time by three for no new coverage (a flipped bit in any
/// element changes every hash above it). Failures are collected and checked once per size: one `#expect` per
/// probe costs more than the hashing in a debug build.
@Suite("Ledger Merkle proofs, exhaustive")
struct MerkleProofExhaustiveLedgerTests {
    static let maxSize = 300
    static let fixture = LedgerFixtures.tree(count: maxSize)

    @Test("inclusion proofs for every index", arguments: 1...maxSize)
    func inclusion(size: Int) throws {
        let (tree, leaves) = Self.fixture
        let root = RFC6962.rootHash(leafHashes: Array(leaves.prefix(size)))
        var accepted: [String] = []
        for index in 0..<size {
            let proof = try tree.inclusionProof(index: index, size: size)
            let leaf = leaves[index]
            try proof.verify(leafHash: leaf, root: root)
            var probes: [(String, InclusionProof, MerkleHash, MerkleHash)] = []
            let bit = size &* 31 &+ index
            probes.append(("leaf bit", proof, LedgerFixtures.flipped(leaf, bit: bit), root))
            probes.append(("root bit", proof, leaf, LedgerFixtures.flipped(root, bit: bit)))
            if !proof.hashes.isEmpty {
                let position = index % proof.hashes.count
                var changed = proof
                changed.hashes[position] = LedgerFixtures.flipped(proof.hashes[position], bit: bit)
                probes.append(("proof[\(position)] bit", changed, leaf, root))
            }
            for wrongIndex in [index - 1, index + 1, index ^ 2] where wrongIndex != index {
                var changed = proof
                changed.index = wrongIndex
                probes.append(("index \(wrongIndex)", changed, leaf, root))
            }
            var longer = proof
            longer.hashes.append(root)
            probes.append(("longer", longer, leaf, root))
            if !proof.hashes.isEmpty {
                var shorter = proof
                shorter.hashes.removeLast()
                probes.append(("shorter", shorter, leaf, root))
            }
            for (label, probe, probeLeaf, probeRoot) in probes
            where (try? probe.verify(leafHash: probeLeaf, root: probeRoot)) != nil {
                accepted.append("index \(index): \(label)")
            }
        }
        #expect(accepted.isEmpty, "accepted after a change: \(accepted)")
    }

    @Test("consistency proofs from every older size", arguments: 1...maxSize)
    func consistency(newSize: Int) throws {
        let (tree, _) = Self.fixture
        let newRoot = try tree.rootHash(size: newSize)
        var accepted: [String] = []
        for oldSize in 0...newSize {
            let proof = try tree.consistencyProof(from: oldSize, to: newSize)
            let oldRoot = try tree.rootHash(size: oldSize)
            try proof.verify(oldRoot: oldRoot, newRoot: newRoot)
            var probes: [(String, ConsistencyProof, MerkleHash, MerkleHash)] = []
            let bit = newSize &* 37 &+ oldSize
            probes.append(("old root bit", proof, LedgerFixtures.flipped(oldRoot, bit: bit), newRoot))
            // Any tree extends the empty tree, so for old size 0 only the old root (the empty root) matters.
            if oldSize > 0 {
                probes.append(("new root bit", proof, oldRoot, LedgerFixtures.flipped(newRoot, bit: bit)))
            }
            if !proof.hashes.isEmpty {
                let position = oldSize % proof.hashes.count
                var changed = proof
                changed.hashes[position] = LedgerFixtures.flipped(proof.hashes[position], bit: bit)
                probes.append(("proof[\(position)] bit", changed, oldRoot, newRoot))
                for wrongOld in [oldSize - 1, oldSize + 1] where wrongOld >= 1 && wrongOld < newSize {
                    var changed = proof
                    changed.oldSize = wrongOld
                    probes.append(("old size \(wrongOld)", changed, oldRoot, newRoot))
                }
                var shorter = proof
                shorter.hashes.removeLast()
                probes.append(("shorter", shorter, oldRoot, newRoot))
            }
            var longer = proof
            longer.hashes.append(newRoot)
            probes.append(("longer", longer, oldRoot, newRoot))
            for (label, probe, probeOld, probeNew) in probes
            where (try? probe.verify(oldRoot: probeOld, newRoot: probeNew)) != nil {
                accepted.append("old size \(oldSize): \(label)")
            }
        }
        #expect(accepted.isEmpty, "accepted after a change: \(accepted)")
    }
}
