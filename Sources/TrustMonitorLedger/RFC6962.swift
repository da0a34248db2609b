import Crypto

/// RFC 6962 / RFC 9162 section 2.1 Merkle hashing: the only way the ledger turns entries into a root.
///
/// The 0x00 and 0x01 prefixes separate leaves from interior nodes, so no entry can be passed off as a pair
/// of subtrees (second-preimage resistance); every independent verifier computes exactly these bytes.
public enum RFC6962 {
    /// The hash of an entry: SHA-256(0x00 || entry bytes). Verifiers hash the stored bytes, never a
    /// re-serialization.
    public static func leafHash<Bytes: Sequence<UInt8>>(entry: Bytes) -> MerkleHash {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: Array(entry))
        return MerkleHash(unchecked: hasher.finalize().withUnsafeBytes { Array($0) })
    }

    /// The hash of an interior node: SHA-256(0x01 || left || right).
    public static func nodeHash(_ left: MerkleHash, _ right: MerkleHash) -> MerkleHash {
        MerkleHash(unchecked: nodeHashBytes(left.bytes, right.bytes))
    }

    /// The root of the empty tree: SHA-256 of no bytes (47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=).
    public static let emptyRoot = MerkleHash(unchecked: Array(SHA256.hash(data: [UInt8]())))

    /// MTH(D[n]) of RFC 9162 computed directly from the leaf hashes, splitting at the largest power of two
    /// smaller than n. O(n); `MerkleTree` is the incremental form for a growing log.
    public static func rootHash(leafHashes: [MerkleHash]) -> MerkleHash {
        rootHash(leafHashes[...])
    }

    private static func rootHash(_ leaves: ArraySlice<MerkleHash>) -> MerkleHash {
        switch leaves.count {
        case 0: return emptyRoot
        case 1: return leaves[leaves.startIndex]
        default:
            let split = leaves.startIndex + largestPowerOfTwo(below: leaves.count)
            return nodeHash(rootHash(leaves[..<split]), rootHash(leaves[split...]))
        }
    }

    /// k of RFC 9162: the largest power of two strictly smaller than `n` (n > 1).
    static func largestPowerOfTwo(below n: Int) -> Int {
        precondition(n > 1, "a split needs at least two leaves")
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// The node hash over raw bytes, for the tree's flat storage and the verifiers' inner loops. One buffer
    /// and one `update`: each call into swift-crypto costs more than the 65 bytes it hashes in debug builds,
    /// which run these millions of times in the proof tests.
    static func nodeHashBytes(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var buffer: [UInt8] = [0x01]
        buffer.reserveCapacity(1 + 2 * MerkleHash.byteCount)
        buffer.append(contentsOf: left)
        buffer.append(contentsOf: right)
        return SHA256.hash(data: buffer).withUnsafeBytes { Array($0) }
    }

    static func nodeHashBytes(_ left: ArraySlice<UInt8>, _ right: ArraySlice<UInt8>) -> [UInt8] {
        nodeHashBytes(Array(left), Array(right))
    }
}
