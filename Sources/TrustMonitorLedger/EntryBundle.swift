/// A tlog-tiles entry bundle: up to 256 entries, each as a uint16 big-endian length and its bytes.
///
/// The length prefix is why an entry may not exceed 65,535 bytes: the log rejects a larger entry before
/// appending it, rather than producing a bundle that no client can read.
public enum EntryBundle {
    /// The largest entry a bundle can carry.
    public static let maxEntryBytes = Int(UInt16.max)

    /// Fails for an entry over 65,535 bytes or more than 256 entries.
    public static func encode(_ entries: [[UInt8]]) throws(LedgerError) -> [UInt8] {
        guard entries.count <= TilePath.width else {
            throw LedgerError(.malformedEntryBundle, "\(entries.count) entries do not fit one bundle")
        }
        var bytes: [UInt8] = []
        for entry in entries {
            guard entry.count <= maxEntryBytes else {
                throw LedgerError(.malformedEntryBundle, "entry of \(entry.count) bytes exceeds 65,535")
            }
            bytes.append(UInt8(entry.count >> 8))
            bytes.append(UInt8(entry.count & 0xFF))
            bytes.append(contentsOf: entry)
        }
        return bytes
    }

    /// The entries of a bundle; fails on a truncated length or entry, or more than 256 entries.
    public static func decode(_ bytes: [UInt8]) throws(LedgerError) -> [[UInt8]] {
        var entries: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            guard offset + 2 <= bytes.count else {
                throw LedgerError(.malformedEntryBundle, "truncated length at byte \(offset)")
            }
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            offset += 2
            guard offset + length <= bytes.count else {
                throw LedgerError(.malformedEntryBundle, "entry at byte \(offset - 2) runs past the bundle")
            }
            entries.append(Array(bytes[offset..<(offset + length)]))
            offset += length
            guard entries.count <= TilePath.width else {
                throw LedgerError(.malformedEntryBundle, "more than 256 entries in one bundle")
            }
        }
        return entries
    }
}
