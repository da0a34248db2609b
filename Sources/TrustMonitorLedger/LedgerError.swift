/// Why a ledger value was rejected.
///
/// Shaped like `FailureCode`: a stable code that callers switch on (a bundle verifier maps it to its exit
/// status, the witness route to 409 or 422) and a message for a person. Everything a verifier rejects is one
/// of these, so no caller has to catch a crypto library's own error types.
public struct LedgerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The stable reason; its raw value is safe to log and to use as a metrics label.
    public enum Code: String, Sendable {
        /// An argument outside what the operation accepts (an index beyond the tree, old size > new size).
        case invalidArgument = "invalid_argument"
        /// A hash that is not 32 bytes, or text that is not its hex or base64.
        case malformedHash = "malformed_hash"
        /// A Merkle proof that does not lead to the expected root.
        case proofRejected = "proof_rejected"
        /// Checkpoint text not in the exact C2SP form we produce.
        case malformedCheckpoint = "malformed_checkpoint"
        /// A signed note whose syntax is wrong (before any signature is checked).
        case malformedNote = "malformed_note"
        /// A vkey or skey string that does not parse, or whose key ID does not match its key.
        case malformedKey = "malformed_key"
        /// A signature by a known key that does not verify.
        case invalidSignature = "invalid_signature"
        /// Fewer valid signatures by known keys than the policy requires.
        case insufficientSignatures = "insufficient_signatures"
        /// A DSSE envelope that does not parse.
        case malformedEnvelope = "malformed_envelope"
        /// An entry larger than a tile's uint16 length prefix can carry, or a bundle that does not parse.
        case malformedEntryBundle = "malformed_entry_bundle"
        /// A hash tile of the wrong width or byte count.
        case malformedTile = "malformed_tile"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
