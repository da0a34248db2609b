/// The signature type byte of C2SP signed-note: it goes into the key ID hash and the vkey, so the same
/// Ed25519 key used as a log key and as a witness key yields different, non-confusable key IDs.
public enum NoteSignatureType: UInt8, Sendable, CaseIterable {
    /// Ed25519 over the note text: the log's checkpoint signature.
    case ed25519 = 0x01
    /// Timestamped Ed25519 witness cosignature (C2SP tlog-cosignature, cosignature/v1).
    case cosignatureV1 = 0x04

    /// The key ID: the first 4 bytes, big-endian, of SHA-256(name || 0x0A || type || public key).
    func keyID(name: String, publicKey: [UInt8]) -> UInt32 {
        NoteKeyID.compute(name: name, type: rawValue, publicKey: publicKey)
    }
}
