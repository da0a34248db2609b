/// One signature line of a signed note: `— <name> base64(keyID || body)`.
///
/// The body is what the key type defines: a 64-byte Ed25519 signature for a log key, timestamp (8) ||
/// signature (64) for a cosignature. Verifiers find the key by (name, keyID) and ignore lines they do not know.
public struct NoteSignature: Hashable, Sendable {
    public var name: String
    public var keyID: UInt32
    /// The signature bytes after the 4-byte key ID.
    public var body: [UInt8]

    public init(name: String, keyID: UInt32, body: [UInt8]) {
        self.name = name
        self.keyID = keyID
        self.body = body
    }

    /// The exact line, with its U+2014 EM DASH, space and final newline.
    public var line: String {
        "\u{2014} \(name) \(Base64Coding.encode(NoteKeyID.bigEndianBytes(keyID) + body))\n"
    }

    /// `name+8hex`, how errors and logs name the key that made this signature.
    public var keyLabel: String { "\(name)+\(NoteKeyID.hex(keyID))" }

    /// Parses one line without its final newline.
    init(parsingLine line: Substring) throws(LedgerError) {
        let prefix = "\u{2014} "
        guard line.hasPrefix(prefix) else {
            throw LedgerError(.malformedNote, "signature line does not start with an em dash and a space")
        }
        let fields = line.dropFirst(prefix.count).split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 2, NoteName.isValid(String(fields[0])) else {
            throw LedgerError(.malformedNote, "signature line is not \"— <name> <base64>\"")
        }
        guard let bytes = Base64Coding.decode(String(fields[1])), bytes.count > 4 else {
            throw LedgerError(.malformedNote, "signature of \(fields[0]) is not base64 of a key ID and a signature")
        }
        self.init(name: String(fields[0]), keyID: NoteKeyID.bigEndianUInt32(bytes.prefix(4)),
                  body: Array(bytes.dropFirst(4)))
    }
}
