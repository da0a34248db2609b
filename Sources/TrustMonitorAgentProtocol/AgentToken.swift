import Crypto
import TrustMonitorCore

/// Agent tokens: random, shown once when the probe is added, stored only as their SHA-256.
public enum AgentToken {
    /// `tma_` and 43 URL-safe base64 characters (256 random bits).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var text = "tma_"
        var bits = 0, buffer = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 6 {
                bits -= 6
                text.append(alphabet[(buffer >> bits) & 0x3F])
            }
        }
        if bits > 0 { text.append(alphabet[(buffer << (6 - bits)) & 0x3F]) }
        return text
    }

    /// What the store keeps and looks the token up by.
    public static func hash(_ token: String) -> String {
        HexCoding.encode(SHA256.hash(data: Array(token.utf8)))
    }
}
