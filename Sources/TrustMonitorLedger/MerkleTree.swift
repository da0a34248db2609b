/// An append-only Merkle tree over leaf hashes, answering roots and proofs for any earlier size.
///
/// It keeps every complete aligned subtree (level h holds the hashes of the 2^h-leaf subtrees), updated on
/// append along the right edge: amortized O(1) hashes per leaf, about 2n stored hashes, and any root or proof
/// in O(log n) hashes (O(log² n) for sizes that are not powers of two). The log rebuilds it from stored leaf
/// hashes at start-up; 100k leaves is a few MB. Storage is one flat byte array per level, not one heap array
/// per hash.
public struct MerkleTree: Sendable {
    /// levels[h] holds the concatenated 32-byte hashes of the complete subtrees of 2^h leaves, left to right.
    private var levels: [[UInt8]] = [[]]

    /// An empty tree.
    public init() {}

    /// A tree over leaf hashes read back from storage, in log order.
    public init(leafHashes: some Sequence<MerkleHash>) {
        for hash in leafHashes { append(leafHash: hash) }
    }

    /// The number of leaves appended so far.
    public private(set) var count = 0

    /// Appends the leaf hash of the next entry.
    public mutating func append(leafHash: MerkleHash) {
        levels[0].append(contentsOf: leafHash.bytes)
        count += 1
        // Every level whose last two complete subtrees just became a pair gets their parent.
        var level = 0
        var width = count
        while width % 2 == 0 {
            let hashes = levels[level]
            let end = hashes.count
            let parent = RFC6962.nodeHashBytes(hashes[(end - 64)..<(end - 32)], hashes[(end - 32)..<end])
            level += 1
            if levels.count == level { levels.append([]) }
            levels[level].append(contentsOf: parent)
            width /= 2
        }
    }

    /// Hashes `entry` as a leaf and appends it; returns the leaf hash.
    @discardableResult
    public mutating func append(entry: some Sequence<UInt8>) -> MerkleHash {
        let hash = RFC6962.leafHash(entry: entry)
        append(leafHash: hash)
        return hash
    }

    /// The leaf hash at `index` (< count).
    public func leafHash(at index: Int) throws(LedgerError) -> MerkleHash {
        guard index >= 0, index < count else {
            throw LedgerError(.invalidArgument, "leaf \(index) is not in a tree of \(count) leaves")
        }
        return hash(level: 0, index: index)
    }

    /// The root of the tree as it was at `size` leaves (0...count); the empty root for 0.
    public func rootHash(size: Int) throws(LedgerError) -> MerkleHash {
        guard size >= 0, size <= count else {
            throw LedgerError(.invalidArgument, "size \(size) exceeds the tree's \(count) leaves")
        }
        return size == 0 ? RFC6962.emptyRoot : subtreeHash(start: 0, size: size)
    }

    /// The root at the current size.
    public var rootHash: MerkleHash {
        count == 0 ? RFC6962.emptyRoot : subtreeHash(start: 0, size: count)
    }

    /// MTH(D[start:start+size]) for a range the RFC recursion produces: `start` is a multiple of the largest
    /// power of two not above `size`, and the range is within the tree.
    func subtreeHash(start: Int, size: Int) -> MerkleHash {
        if size & (size - 1) == 0 {
            // A complete aligned subtree: stored at level log2(size).
            return hash(level: size.trailingZeroBitCount, index: start / size)
        }
        let k = RFC6962.largestPowerOfTwo(below: size)
        return RFC6962.nodeHash(subtreeHash(start: start, size: k), subtreeHash(start: start + k, size: size - k))
    }

    private func hash(level: Int, index: Int) -> MerkleHash {
        let offset = index * MerkleHash.byteCount
        return MerkleHash(unchecked: Array(levels[level][offset..<(offset + MerkleHash.byteCount)]))
    }
}
