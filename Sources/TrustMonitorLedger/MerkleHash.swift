import TrustMonitorCore
/// One SHA-256 output: a leaf hash, a node hash or a tree root.
///
/// A distinct type rather than `[UInt8]` so that a hash of the wrong length can only exist at the parsing
/// boundary (`init(bytes:)` fails there), and every proof verifier can assume 32 bytes.
public struct MerkleHash: Hashable, Sendable, CustomStringConvertible {
    /// The size of every hash in the ledger: SHA-256.
    public static let byteCount = 32

    /// The 32 bytes.
    public let bytes: [UInt8]

    /// Fails unless `bytes` holds exactly 32 bytes.
    public init?<Bytes: Collection<UInt8>>(bytes: Bytes) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = Array(bytes)
    }

    /// For digests this module computed itself, whose length is known to be 32.
    init(unchecked bytes: [UInt8]) {
        assert(bytes.count == Self.byteCount)
        self.bytes = bytes
    }

    /// Parses lowercase or uppercase hex, as proofs and test vectors are usually written.
    public init?(hex: String) {
        guard let bytes = HexCoding.decode(hex) else { return nil }
        self.init(bytes: bytes)
    }

    /// Parses standard padded base64 (checkpoints, proof lines of tlog-witness); rejects non-canonical text.
    public init?(base64: String) {
        guard let bytes = Base64Coding.decode(base64) else { return nil }
        self.init(bytes: bytes)
    }

    /// Lowercase hex, the form logs and the CLI print.
    public var hex: String { HexCoding.encode(bytes) }

    /// Standard padded base64, the form checkpoints carry.
    public var base64: String { Base64Coding.encode(bytes) }

    public var description: String { hex }
}
