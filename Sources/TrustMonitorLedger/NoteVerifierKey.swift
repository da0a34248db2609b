public import Crypto
import protocol Foundation.DataProtocol
import TrustMonitorCore

/// A public key a verifier trusts, with its name and type: a log key (0x01) or a witness key (0x04).
///
/// Its text form is the C2SP vkey `<name>+<8 hex key ID>+<base64(type || key)>`, which is what operators paste
/// into configuration and what incident bundles carry. Parsing recomputes the key ID and rejects a mismatch, so
/// a vkey cannot claim one key and carry another.
public struct NoteVerifierKey: Hashable, Sendable {
    public let name: String
    public let type: NoteSignatureType
    /// The 32-byte Ed25519 public key.
    public let publicKeyBytes: [UInt8]
    public let keyID: UInt32

    public init(name: String, type: NoteSignatureType, publicKey: Curve25519.Signing.PublicKey) throws(LedgerError) {
        guard NoteName.isValid(name) else {
            throw LedgerError(.malformedKey, "key name \"\(name)\" is empty or has spaces, '+' or controls")
        }
        self.name = name
        self.type = type
        self.publicKeyBytes = Array(publicKey.rawRepresentation)
        self.keyID = type.keyID(name: name, publicKey: publicKeyBytes)
    }

    /// Parses a vkey, splitting on the first two '+' only (base64 contains '+').
    public init(vkey: String) throws(LedgerError) {
        let parts = vkey.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw LedgerError(.malformedKey, "a vkey has the form name+id+key") }
        let idText = String(parts[1])
        guard idText.utf8.count == 8, let idBytes = HexCoding.decode(idText), idText == idText.lowercased() else {
            throw LedgerError(.malformedKey, "key ID \"\(idText)\" is not 8 lowercase hex digits")
        }
        guard let material = Base64Coding.decode(String(parts[2])), material.count == 33,
              let type = NoteSignatureType(rawValue: material[0]) else {
            throw LedgerError(.malformedKey, "key is not base64 of a known type byte and 32 bytes")
        }
        let publicKey: Curve25519.Signing.PublicKey
        do {
            publicKey = try Curve25519.Signing.PublicKey(rawRepresentation: material.dropFirst())
        } catch {
            throw LedgerError(.malformedKey, "not an Ed25519 public key")
        }
        try self.init(name: String(parts[0]), type: type, publicKey: publicKey)
        guard keyID == NoteKeyID.bigEndianUInt32(idBytes) else {
            throw LedgerError(.malformedKey, "key ID \(idText) does not match the key (\(NoteKeyID.hex(keyID)))")
        }
    }

    /// The vkey text.
    public var vkey: String {
        "\(name)+\(NoteKeyID.hex(keyID))+\(Base64Coding.encode([type.rawValue] + publicKeyBytes))"
    }

    /// `name+8hex`: the key's short label in errors and the DSSE `keyid`.
    public var keyLabel: String { "\(name)+\(NoteKeyID.hex(keyID))" }

    /// Whether this key made `signature`, a line of a note whose text is `text`.
    ///
    /// For a witness key the body must be timestamp (8, at most 2^63 - 1) || signature (64) over the
    /// cosignature/v1 message; for a log key exactly 64 bytes over the text.
    public func isValidSignature(_ signature: NoteSignature, text: String) -> Bool {
        guard signature.name == name, signature.keyID == keyID else { return false }
        let message: [UInt8]
        let sig: ArraySlice<UInt8>
        switch type {
        case .ed25519:
            guard signature.body.count == 64 else { return false }
            message = Array(text.utf8)
            sig = signature.body[...]
        case .cosignatureV1:
            guard signature.body.count == 72 else { return false }
            let timestamp = NoteKeyID.bigEndianUInt64(signature.body.prefix(8))
            guard timestamp <= UInt64(Int64.max) else { return false }
            message = Cosignature.signedMessage(text: text, timestamp: timestamp)
            sig = signature.body.dropFirst(8)
        }
        return isValidRawSignature(sig, message: message)
    }

    /// Whether `signature` is this key's Ed25519 signature over `message` (no note framing; DSSE uses it).
    func isValidRawSignature(_ signature: some DataProtocol, message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKeyBytes) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}
