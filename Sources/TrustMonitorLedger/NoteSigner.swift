public import Crypto
import TrustMonitorCore

/// A private key that signs notes: the log's checkpoint key (type 0x01) or a witness's cosigning key (0x04).
///
/// Its file form is the skey `PRIVATE+KEY+<name>+<8 hex id>+<base64(type || 32-byte seed)>`, the format of
/// Go's golang.org/x/mod/sumdb/note, so keys move between our CLI and the Go tools. The seed alone determines
/// the key; Ed25519 signing needs no randomness from us.
public struct NoteSigner: Sendable {
    public let verifierKey: NoteVerifierKey
    /// The 32-byte Ed25519 seed; kept as bytes because swift-crypto's key type is not `Sendable` on Linux.
    private let seed: [UInt8]

    public init(name: String, type: NoteSignatureType, privateKey: Curve25519.Signing.PrivateKey)
        throws(LedgerError)
    {
        self.seed = Array(privateKey.rawRepresentation)
        self.verifierKey = try NoteVerifierKey(name: name, type: type, publicKey: privateKey.publicKey)
    }

    /// A fresh key; the caller stores its `skey`.
    public static func generate(name: String, type: NoteSignatureType) throws(LedgerError) -> NoteSigner {
        try NoteSigner(name: name, type: type, privateKey: Curve25519.Signing.PrivateKey())
    }

    /// Parses an skey, checking that its key ID matches the key it holds.
    public init(skey: String) throws(LedgerError) {
        let parts = skey.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY" else {
            throw LedgerError(.malformedKey, "an skey has the form PRIVATE+KEY+name+id+key")
        }
        let idText = String(parts[3])
        guard idText.utf8.count == 8, idText == idText.lowercased(), let idBytes = HexCoding.decode(idText) else {
            throw LedgerError(.malformedKey, "key ID \"\(idText)\" is not 8 lowercase hex digits")
        }
        guard let material = Base64Coding.decode(String(parts[4])), material.count == 33,
              let type = NoteSignatureType(rawValue: material[0]) else {
            throw LedgerError(.malformedKey, "key is not base64 of a known type byte and a 32-byte seed")
        }
        let privateKey: Curve25519.Signing.PrivateKey
        do {
            privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: material.dropFirst())
        } catch {
            throw LedgerError(.malformedKey, "not an Ed25519 seed")
        }
        try self.init(name: String(parts[2]), type: type, privateKey: privateKey)
        guard verifierKey.keyID == NoteKeyID.bigEndianUInt32(idBytes) else {
            throw LedgerError(.malformedKey, "key ID \(idText) does not match the key")
        }
    }

    /// The skey text. Secret: write it to a file readable only by the service.
    public var skey: String {
        let material = Base64Coding.encode([verifierKey.type.rawValue] + seed)
        return "PRIVATE+KEY+\(verifierKey.name)+\(NoteKeyID.hex(verifierKey.keyID))+\(material)"
    }

    public var name: String { verifierKey.name }

    /// The signature line of a log key over `text`. Only for type 0x01 keys (a witness key signs with
    /// `cosign`); throws for a witness key.
    public func sign(text: String) throws(LedgerError) -> NoteSignature {
        guard verifierKey.type == .ed25519 else {
            throw LedgerError(.invalidArgument, "\(verifierKey.keyLabel) is a witness key; use cosign")
        }
        return NoteSignature(name: name, keyID: verifierKey.keyID, body: try rawSignature(Array(text.utf8)))
    }

    /// A cosignature/v1 line over checkpoint `text` at `timestamp` (UNIX seconds). Only for type 0x04 keys.
    public func cosign(text: String, timestamp: UInt64) throws(LedgerError) -> NoteSignature {
        guard verifierKey.type == .cosignatureV1 else {
            throw LedgerError(.invalidArgument, "\(verifierKey.keyLabel) is not a witness key; use sign")
        }
        guard timestamp <= UInt64(Int64.max) else {
            throw LedgerError(.invalidArgument, "cosignature timestamps stop at 2^63 - 1")
        }
        let signature = try rawSignature(Cosignature.signedMessage(text: text, timestamp: timestamp))
        return NoteSignature(name: name, keyID: verifierKey.keyID,
                             body: NoteKeyID.bigEndianBytes(timestamp) + signature)
    }

    /// A bare Ed25519 signature over `message`, for DSSE reports signed with a 0x01 key.
    func rawSignature(_ message: [UInt8]) throws(LedgerError) -> [UInt8] {
        do {
            let privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
            return Array(try privateKey.signature(for: message))
        } catch {
            throw LedgerError(.invalidSignature, "signing failed: \(error)")
        }
    }
}
