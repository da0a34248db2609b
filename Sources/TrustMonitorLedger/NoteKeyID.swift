import Crypto
import TrustMonitorCore

/// The 32-bit key ID of C2SP signed-note, which a signature line carries so verifiers pick the right key.
enum NoteKeyID {
    static func compute(name: String, type: UInt8, publicKey: [UInt8]) -> UInt32 {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8))
        hasher.update(data: [0x0A, type])
        hasher.update(data: publicKey)
        return bigEndianUInt32(Array(hasher.finalize().prefix(4)))
    }

    /// Reads 4 big-endian bytes; callers pass exactly four.
    static func bigEndianUInt32(_ bytes: some Collection<UInt8>) -> UInt32 {
        bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// Reads 8 big-endian bytes; callers pass exactly eight.
    static func bigEndianUInt64(_ bytes: some Collection<UInt8>) -> UInt64 {
        bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    static func bigEndianBytes(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) }
    }

    static func bigEndianBytes(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
    }

    /// The 8 lowercase hex digits a vkey and a DSSE key ID carry.
    static func hex(_ id: UInt32) -> String { HexCoding.encode(bigEndianBytes(id)) }
}
