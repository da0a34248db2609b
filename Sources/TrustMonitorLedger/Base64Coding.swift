import struct Foundation.Data

/// Standard padded base64 (RFC 4648 section 4), strictly.
///
/// Signed formats must have one spelling per value: a verifier that accepted missing padding, whitespace or
/// non-zero trailing bits would accept texts the log never produced. Decoding therefore re-encodes and
/// compares, which rejects every non-canonical form Foundation would otherwise tolerate.
enum Base64Coding {
    static func encode<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        Data(bytes).base64EncodedString()
    }

    static func decode(_ text: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: text) else { return nil }
        guard data.base64EncodedString() == text else { return nil }
        return Array(data)
    }
}
