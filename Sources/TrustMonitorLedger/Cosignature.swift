/// C2SP tlog-cosignature, cosignature/v1: what a witness signs.
///
/// The timestamp is inside the signed message, so a witness's statement "this was the newest consistent tree
/// I had seen at time t" cannot be moved to another time.
public enum Cosignature {
    /// `"cosignature/v1\ntime <t>\n" || checkpoint text`.
    public static func signedMessage(text: String, timestamp: UInt64) -> [UInt8] {
        Array("cosignature/v1\ntime \(timestamp)\n\(text)".utf8)
    }

    /// The timestamp of a cosignature line (UNIX seconds), nil when the body is not 72 bytes.
    public static func timestamp(of signature: NoteSignature) -> UInt64? {
        guard signature.body.count == 72 else { return nil }
        return NoteKeyID.bigEndianUInt64(signature.body.prefix(8))
    }
}
