/// A C2SP tlog-checkpoint: the statement "the log named `origin` had `size` entries with root `rootHash`".
///
/// The log signs exactly `text`; witnesses cosign it; bundles carry it. Parsing accepts only the three-line
/// form we produce (no extension lines, canonical decimal and base64) so that one tree head has one spelling,
/// and a verifier never has to decide what an extension line it does not understand means.
public struct Checkpoint: Hashable, Sendable {
    /// The log's name, e.g. `monitor.example.com/trustmonitor/ledger`; also the log key's name.
    public let origin: String
    /// The number of entries in the tree.
    public let size: Int
    /// The RFC 6962 root of those entries.
    public let rootHash: MerkleHash

    /// Fails when `origin` is empty or holds spaces, '+' or control characters, or `size` is negative.
    public init(origin: String, size: Int, rootHash: MerkleHash) throws(LedgerError) {
        guard NoteName.isValid(origin) else {
            throw LedgerError(.malformedCheckpoint, "origin \"\(origin)\" is empty or has spaces, '+' or controls")
        }
        guard size >= 0 else { throw LedgerError(.malformedCheckpoint, "negative tree size \(size)") }
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
    }

    /// The exact signed text: `origin\nsize\nbase64(root)\n`.
    public var text: String { "\(origin)\n\(size)\n\(rootHash.base64)\n" }

    /// Parses checkpoint text (a signed note's text part).
    public init(text: String) throws(LedgerError) {
        guard text.hasSuffix("\n") else { throw LedgerError(.malformedCheckpoint, "text must end in a newline") }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 3 else {
            throw LedgerError(.malformedCheckpoint, "expected exactly 3 lines, found \(lines.count)")
        }
        let sizeText = String(lines[1])
        guard let size = Self.parseSize(sizeText) else {
            throw LedgerError(.malformedCheckpoint, "tree size \"\(sizeText)\" is not canonical decimal")
        }
        guard let root = MerkleHash(base64: String(lines[2])) else {
            throw LedgerError(.malformedCheckpoint, "root is not canonical base64 of 32 bytes")
        }
        try self.init(origin: String(lines[0]), size: size, rootHash: root)
    }

    /// ASCII digits only, no sign, no leading zero except "0" itself, within Int. Internal, not private: the
    /// tlog-witness `old <size>` line and its 409 body spell sizes the same way.
    static func parseSize(_ text: String) -> Int? {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        guard digits.count == 1 || digits[0] != UInt8(ascii: "0") else { return nil }
        return Int(text)
    }
}
