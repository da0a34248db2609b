/// Evidence that one entry is in the tree of a given size: what an incident bundle carries per entry.
///
/// Verification is the algorithm of RFC 9162 section 2.1.3.2 step by step, so that our answer is the one every
/// other RFC verifier gives for the same bytes, including for malformed proofs.
public struct InclusionProof: Hashable, Sendable {
    /// The zero-based index of the leaf.
    public var index: Int
    /// The size of the tree the proof is against.
    public var treeSize: Int
    /// The audit path, deepest sibling first.
    public var hashes: [MerkleHash]

    public init(index: Int, treeSize: Int, hashes: [MerkleHash]) {
        self.index = index
        self.treeSize = treeSize
        self.hashes = hashes
    }

    /// The root this proof yields for `leafHash`, or an error when the path cannot belong to
    /// (index, treeSize): index out of range, path too long or too short.
    public func rootHash(leafHash: MerkleHash) throws(LedgerError) -> MerkleHash {
        guard index >= 0, treeSize > 0, index < treeSize else {
            throw LedgerError(.invalidArgument, "leaf \(index) is not in a tree of \(treeSize) leaves")
        }
        var fn = UInt64(index)
        var sn = UInt64(treeSize - 1)
        var r = leafHash.bytes
        for p in hashes {
            guard sn != 0 else {
                throw LedgerError(.proofRejected, "inclusion proof longer than a tree of \(treeSize) needs")
            }
            if fn & 1 == 1 || fn == sn {
                r = RFC6962.nodeHashBytes(p.bytes, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0, fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = RFC6962.nodeHashBytes(r, p.bytes)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else {
            throw LedgerError(.proofRejected, "inclusion proof shorter than a tree of \(treeSize) needs")
        }
        return MerkleHash(unchecked: r)
    }

    /// Succeeds only when `leafHash` at `index` is in the tree whose root is `root`.
    public func verify(leafHash: MerkleHash, root: MerkleHash) throws(LedgerError) {
        guard try rootHash(leafHash: leafHash) == root else {
            throw LedgerError(.proofRejected, "inclusion proof for leaf \(index) does not lead to the root")
        }
    }
}
