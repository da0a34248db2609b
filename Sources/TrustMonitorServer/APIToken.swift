import TrustMonitorAgentProtocol

/// API tokens: `tm_` and 43 URL-safe base64 characters (256 random bits), shown once when made and kept only as
/// their SHA-256, as agent tokens are; only the prefix differs, so neither kind can pass for the other.
public enum APIToken {
    public static let prefix = "tm_"
    private static let secretLength = 43

    public static func generate() -> String { prefix + randomText() }

    /// What the store keeps and looks the token up by (hex SHA-256: the secret is random, so a fast hash is right).
    public static func hash(_ token: String) -> String { AgentToken.hash(token) }

    /// Whether `text` has a token's shape; anything else is refused before the store is asked.
    public static func isWellFormed(_ text: String) -> Bool {
        guard text.hasPrefix(prefix) else { return false }
        let secret = text.utf8.dropFirst(prefix.utf8.count)
        return secret.count == secretLength && secret.allSatisfy(isBase64URL)
    }

    /// 256 random bits as 43 URL-safe base64 characters: also a session's id and its CSRF token.
    static func randomText() -> String {
        // An agent token is the same random bits behind a four-character prefix.
        String(AgentToken.generate().dropFirst(4))
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"): true
        default: false
        }
    }
}
