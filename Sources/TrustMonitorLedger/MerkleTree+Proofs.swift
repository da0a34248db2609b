/// Proof generation, exactly the PATH and SUBPROOF recursions of RFC 9162 sections 2.1.3.1 and 2.1.4.1,
/// over the tree's stored subtree hashes.
extension MerkleTree {
    /// The audit path proving leaf `index` is in the tree of `size` leaves (index < size <= count).
    public func inclusionProof(index: Int, size: Int) throws(LedgerError) -> InclusionProof {
        guard size >= 1, size <= count, index >= 0, index < size else {
            throw LedgerError(.invalidArgument, "no inclusion proof for leaf \(index) in size \(size) of \(count)")
        }
        var path: [MerkleHash] = []
        appendPath(index: index, start: 0, size: size, into: &path)
        return InclusionProof(index: index, treeSize: size, hashes: path)
    }

    /// The proof that the tree of `oldSize` leaves is a prefix of the tree of `newSize` leaves
    /// (0 <= oldSize <= newSize <= count). Empty when oldSize is 0 or equals newSize, as RFC 9162 defines.
    public func consistencyProof(from oldSize: Int, to newSize: Int) throws(LedgerError) -> ConsistencyProof {
        guard oldSize >= 0, oldSize <= newSize, newSize <= count else {
            throw LedgerError(.invalidArgument, "no consistency proof from \(oldSize) to \(newSize) of \(count)")
        }
        var path: [MerkleHash] = []
        if oldSize > 0, oldSize < newSize {
            appendSubproof(m: oldSize, start: 0, size: newSize, complete: true, into: &path)
        }
        return ConsistencyProof(oldSize: oldSize, newSize: newSize, hashes: path)
    }

    /// PATH(m, D[start:start+size]); the RFC lists the deepest sibling first, so recurse before appending.
    private func appendPath(index m: Int, start: Int, size n: Int, into path: inout [MerkleHash]) {
        guard n > 1 else { return }
        let k = RFC6962.largestPowerOfTwo(below: n)
        if m < k {
            appendPath(index: m, start: start, size: k, into: &path)
            path.append(subtreeHash(start: start + k, size: n - k))
        } else {
            appendPath(index: m - k, start: start + k, size: n - k, into: &path)
            path.append(subtreeHash(start: start, size: k))
        }
    }

    /// SUBPROOF(m, D[start:start+size], b).
    private func appendSubproof(m: Int, start: Int, size n: Int, complete b: Bool, into path: inout [MerkleHash]) {
        if m == n {
            if !b { path.append(subtreeHash(start: start, size: n)) }
            return
        }
        let k = RFC6962.largestPowerOfTwo(below: n)
        if m <= k {
            appendSubproof(m: m, start: start, size: k, complete: b, into: &path)
            path.append(subtreeHash(start: start + k, size: n - k))
        } else {
            appendSubproof(m: m - k, start: start + k, size: n - k, complete: false, into: &path)
            path.append(subtreeHash(start: start, size: k))
        }
    }
}
