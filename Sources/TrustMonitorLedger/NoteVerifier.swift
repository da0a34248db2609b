/// The keys a client trusts and how many of them must have signed: the C2SP signed-note verification rules.
///
/// Signatures by keys not in the set are ignored (a checkpoint may carry cosignatures from witnesses this
/// client does not know); a signature by a known key that fails rejects the whole note, because it means
/// someone tampered with the text or the signature; the note passes only with at least `threshold` distinct
/// known keys whose signatures verify.
public struct NoteVerifier: Sendable {
    public let keys: [NoteVerifierKey]
    public let threshold: Int

    /// Fails when two keys share a name and key ID (a signature line could not say which one it means) or the
    /// threshold is not in 1...keys.count.
    public init(keys: [NoteVerifierKey], threshold: Int = 1) throws(LedgerError) {
        var seen = Set<String>()
        for key in keys where !seen.insert(key.keyLabel).inserted {
            throw LedgerError(.malformedKey, "ambiguous key \(key.keyLabel)")
        }
        guard threshold >= 1, threshold <= keys.count else {
            throw LedgerError(.invalidArgument, "threshold \(threshold) is not within 1...\(keys.count)")
        }
        self.keys = keys
        self.threshold = threshold
    }

    /// The known keys whose signatures on `note` verify, in the order of `keys`; throws when a known key's
    /// signature fails or fewer than `threshold` keys verified.
    @discardableResult
    public func verify(_ note: SignedNote) throws(LedgerError) -> [NoteVerifierKey] {
        var verified = Set<String>()
        for signature in note.signatures {
            guard let key = keys.first(where: { $0.name == signature.name && $0.keyID == signature.keyID }) else {
                continue
            }
            guard key.isValidSignature(signature, text: note.text) else {
                throw LedgerError(.invalidSignature, "invalid signature for key \(key.keyLabel)")
            }
            verified.insert(key.keyLabel)
        }
        guard verified.count >= threshold else {
            throw LedgerError(.insufficientSignatures,
                              "\(verified.count) of the required \(threshold) known signatures verified")
        }
        return keys.filter { verified.contains($0.keyLabel) }
    }
}
