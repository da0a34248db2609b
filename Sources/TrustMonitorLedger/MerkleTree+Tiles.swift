/// tlog-tiles hash tiles cut from the tree: level L holds the roots of the complete 256^L-leaf subtrees.
extension MerkleTree {
    /// How many hashes tile (level, index) holds in the tree of `size` leaves: 256 for a full tile, fewer for
    /// the partial tile at the right edge, 0 when the tile does not exist yet.
    public static func tileWidth(level: Int, index: Int, size: Int) -> Int {
        let available = size >> (8 * level)
        return max(0, min(TilePath.width, available - index * TilePath.width))
    }

    /// The bytes of tile (level, index) at tree size `size`: its hashes concatenated, 32 bytes each
    /// (8,192 bytes for a full tile).
    public func tile(level: Int, index: Int, size: Int) throws(LedgerError) -> [UInt8] {
        guard level >= 0, index >= 0, size <= count else {
            throw LedgerError(.invalidArgument, "no tile \(level)/\(index) at size \(size) of \(count)")
        }
        let width = Self.tileWidth(level: level, index: index, size: size)
        guard width > 0 else { throw LedgerError(.invalidArgument, "tile \(level)/\(index) is empty at \(size)") }
        let span = 1 << (8 * level)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(width * MerkleHash.byteCount)
        for position in (index * TilePath.width)..<(index * TilePath.width + width) {
            bytes.append(contentsOf: subtreeHash(start: position * span, size: span).bytes)
        }
        return bytes
    }
}

/// Reading a served hash tile back into hashes.
public enum HashTile {
    /// The hashes of a tile's bytes; fails unless the byte count is 32 × a width of 1...256.
    public static func hashes(_ bytes: [UInt8]) throws(LedgerError) -> [MerkleHash] {
        guard !bytes.isEmpty, bytes.count % MerkleHash.byteCount == 0,
              bytes.count / MerkleHash.byteCount <= TilePath.width else {
            throw LedgerError(.malformedTile, "\(bytes.count) bytes is not 1...256 hashes")
        }
        return stride(from: 0, to: bytes.count, by: MerkleHash.byteCount).map {
            MerkleHash(unchecked: Array(bytes[$0..<($0 + MerkleHash.byteCount)]))
        }
    }
}
