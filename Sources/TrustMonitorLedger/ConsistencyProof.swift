/// Evidence that an older tree is a prefix of a newer one: what a witness checks before it cosigns, and what
/// stops a log from rewriting history between two checkpoints.
///
/// Verification is RFC 9162 section 2.1.4.2 step by step. The degenerate cases the RFC leaves to the caller
/// are decided strictly: equal sizes need an empty proof and equal roots; an old size of 0 needs an empty
/// proof and the empty-tree root (a checkpoint of size 0 can have no other root).
public struct ConsistencyProof: Hashable, Sendable {
    public var oldSize: Int
    public var newSize: Int
    /// The consistency path as RFC 9162 section 2.1.4.1 orders it.
    public var hashes: [MerkleHash]

    public init(oldSize: Int, newSize: Int, hashes: [MerkleHash]) {
        self.oldSize = oldSize
        self.newSize = newSize
        self.hashes = hashes
    }

    /// Succeeds only when the tree of `oldSize` with root `oldRoot` is a prefix of the tree of `newSize`
    /// with root `newRoot`.
    public func verify(oldRoot: MerkleHash, newRoot: MerkleHash) throws(LedgerError) {
        guard oldSize >= 0, oldSize <= newSize else {
            throw LedgerError(.invalidArgument, "old size \(oldSize) is larger than new size \(newSize)")
        }
        if oldSize == 0 || oldSize == newSize {
            try verifyTrivial(oldRoot: oldRoot, newRoot: newRoot)
            return
        }
        // Step 1: a non-trivial proof is never empty.
        guard !hashes.isEmpty else { throw LedgerError(.proofRejected, "empty consistency proof") }
        // Step 2: when the old tree is a complete subtree, its root is the proof's implicit first element.
        var path = hashes
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        // Steps 3 and 4.
        var fn = UInt64(oldSize - 1)
        var sn = UInt64(newSize - 1)
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        // Steps 5 and 6.
        var fr = path[0].bytes
        var sr = path[0].bytes
        for c in path.dropFirst() {
            guard sn != 0 else { throw LedgerError(.proofRejected, "consistency proof too long") }
            if fn & 1 == 1 || fn == sn {
                fr = RFC6962.nodeHashBytes(c.bytes, fr)
                sr = RFC6962.nodeHashBytes(c.bytes, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0, fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = RFC6962.nodeHashBytes(sr, c.bytes)
            }
            fn >>= 1
            sn >>= 1
        }
        // Step 7.
        guard sn == 0 else { throw LedgerError(.proofRejected, "consistency proof too short") }
        guard fr == oldRoot.bytes else {
            throw LedgerError(.proofRejected, "consistency proof does not lead to the old root")
        }
        guard sr == newRoot.bytes else {
            throw LedgerError(.proofRejected, "consistency proof does not lead to the new root")
        }
    }

    private func verifyTrivial(oldRoot: MerkleHash, newRoot: MerkleHash) throws(LedgerError) {
        guard hashes.isEmpty else {
            throw LedgerError(.proofRejected, "a proof from \(oldSize) to \(newSize) must be empty")
        }
        if oldSize == 0, oldRoot != RFC6962.emptyRoot {
            throw LedgerError(.proofRejected, "the root of an empty tree must be the empty root")
        }
        if oldSize == newSize, oldRoot != newRoot {
            throw LedgerError(.proofRejected, "two trees of size \(oldSize) with different roots")
        }
    }
}
