import TrustMonitorLedger

/// Test-only helpers shared by the ledger suites.
enum LedgerFixtures {
    /// A hash from a hex literal in a test table; a typo in a vector is a test bug, so it traps loudly.
    static func hash(_ hex: String) -> MerkleHash {
        guard let hash = MerkleHash(hex: hex) else { fatalError("bad hash literal \(hex)") }
        return hash
    }

    /// Bytes from a hex literal in a test table.
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var chars = Array(hex.utf8)[...]
        while chars.count >= 2 {
            guard let byte = UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16) else {
                fatalError("bad hex literal \(hex)")
            }
            out.append(byte)
            chars = chars.dropFirst(2)
        }
        return out
    }

    /// `hash` with one bit inverted; `bit` is taken modulo 256 so callers can spread flips over all bits.
    static func flipped(_ hash: MerkleHash, bit: Int) -> MerkleHash {
        var bytes = hash.bytes
        let position = bit % (MerkleHash.byteCount * 8)
        bytes[position / 8] ^= 1 << UInt8(position % 8)
        guard let result = MerkleHash(bytes: bytes) else { fatalError("unreachable: 32 bytes in, 32 out") }
        return result
    }

    /// A tree of `count` distinct small entries ("entry 0", "entry 1", ...) and their leaf hashes.
    static func tree(count: Int) -> (tree: MerkleTree, leaves: [MerkleHash]) {
        var tree = MerkleTree()
        var leaves: [MerkleHash] = []
        for index in 0..<count {
            leaves.append(tree.append(entry: Array("entry \(index)".utf8)))
        }
        return (tree, leaves)
    }
}
