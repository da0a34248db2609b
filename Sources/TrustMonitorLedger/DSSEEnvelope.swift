public import Foundation

/// A signed incident report: the DSSE JSON envelope that securesystemslib and in-toto tools verify.
///
/// The payload is kept as the exact bytes that were signed; the envelope's JSON carries them base64-encoded,
/// so re-encoding the envelope never changes what the signature covers.
public struct DSSEEnvelope: Hashable, Sendable, Codable {
    /// One signature: the signing key's label (`name+8hex`, as in its vkey) and the Ed25519 signature.
    public struct Signature: Hashable, Sendable, Codable {
        public var keyid: String
        public var sig: [UInt8]

        public init(keyid: String, sig: [UInt8]) {
            self.keyid = keyid
            self.sig = sig
        }

        enum CodingKeys: String, CodingKey { case keyid, sig }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            keyid = try container.decode(String.self, forKey: .keyid)
            sig = try DSSEEnvelope.decodeBase64(container, .sig)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(keyid, forKey: .keyid)
            try container.encode(Base64Coding.encode(sig), forKey: .sig)
        }
    }

    public var payload: [UInt8]
    public var payloadType: String
    public var signatures: [Signature]

    public init(payload: [UInt8], payloadType: String, signatures: [Signature]) {
        self.payload = payload
        self.payloadType = payloadType
        self.signatures = signatures
    }

    /// Signs `payload` with a report key (type 0x01; separate from the log key).
    public static func sign(payload: [UInt8], payloadType: String = DSSE.incidentPayloadType,
                            signer: NoteSigner) throws(LedgerError) -> DSSEEnvelope
    {
        guard signer.verifierKey.type == .ed25519 else {
            throw LedgerError(.invalidArgument, "DSSE reports are signed with an Ed25519 (0x01) key")
        }
        let pae = DSSE.preAuthenticationEncoding(payloadType: payloadType, payload: payload)
        let signature = Signature(keyid: signer.verifierKey.keyLabel, sig: try signer.rawSignature(pae))
        return DSSEEnvelope(payload: payload, payloadType: payloadType, signatures: [signature])
    }

    /// Returns the payload when at least `threshold` of `keys` signed it. Signatures whose keyid is unknown
    /// are ignored; a known key whose signature fails rejects the envelope, as for signed notes.
    public func verify(keys: [NoteVerifierKey], threshold: Int = 1,
                       payloadType expected: String = DSSE.incidentPayloadType) throws(LedgerError) -> [UInt8]
    {
        guard payloadType == expected else {
            throw LedgerError(.malformedEnvelope, "payload type \(payloadType) is not \(expected)")
        }
        let pae = DSSE.preAuthenticationEncoding(payloadType: payloadType, payload: payload)
        var verified = Set<String>()
        for signature in signatures {
            guard let key = keys.first(where: { $0.keyLabel == signature.keyid && $0.type == .ed25519 }) else {
                continue
            }
            guard key.isValidRawSignature(signature.sig, message: pae) else {
                throw LedgerError(.invalidSignature, "invalid DSSE signature for key \(key.keyLabel)")
            }
            verified.insert(key.keyLabel)
        }
        guard verified.count >= max(threshold, 1) else {
            throw LedgerError(.insufficientSignatures, "\(verified.count) of \(threshold) known DSSE signatures")
        }
        return payload
    }

    /// The envelope's JSON, keys sorted.
    public func jsonData() throws(LedgerError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(self) } catch {
            throw LedgerError(.malformedEnvelope, "cannot encode envelope: \(error)")
        }
    }

    /// Parses an envelope's JSON.
    public init(json: Data) throws(LedgerError) {
        do { self = try JSONDecoder().decode(DSSEEnvelope.self, from: json) } catch {
            throw LedgerError(.malformedEnvelope, "not a DSSE envelope: \(error)")
        }
    }

    enum CodingKeys: String, CodingKey { case payload, payloadType, signatures }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        payload = try Self.decodeBase64(container, .payload)
        payloadType = try container.decode(String.self, forKey: .payloadType)
        signatures = try container.decode([Signature].self, forKey: .signatures)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Base64Coding.encode(payload), forKey: .payload)
        try container.encode(payloadType, forKey: .payloadType)
        try container.encode(signatures, forKey: .signatures)
    }

    fileprivate static func decodeBase64<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>,
                                                         _ key: Key) throws -> [UInt8]
    {
        let text = try container.decode(String.self, forKey: key)
        guard let bytes = Base64Coding.decode(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not base64")
        }
        return bytes
    }
}
