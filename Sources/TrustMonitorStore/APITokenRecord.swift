public import struct Foundation.Date

/// An API token as the store keeps it: what it may do and when it was made, used and revoked; never the secret,
/// which the store knows only as its SHA-256 (the lookup key), so a copy of the database signs no one in.
public struct APITokenRecord: Codable, Sendable, Equatable, Identifiable {
    /// `tok_` and 12 hex digits: names the token in listings and revocations without revealing it.
    public var id: String
    /// Who or what holds it ("ci", "grafana"); shown on acknowledgements and comments. Not unique.
    public var name: String
    /// Sorted, without repeats.
    public var scopes: [TokenScope]
    public var createdAt: Date
    /// When a request last used it, to the minute or so: callers throttle `touchToken`.
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(id: String, name: String, scopes: [TokenScope], createdAt: Date, lastUsedAt: Date? = nil,
                revokedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.scopes = scopes
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, scopes
        case createdAt = "created_at", lastUsedAt = "last_used_at", revokedAt = "revoked_at"
    }

    /// Every key always present: a token never used or never revoked says `null`, as the API documents.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(scopes, forKey: .scopes)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(lastUsedAt, forKey: .lastUsedAt)
        try container.encode(revokedAt, forKey: .revokedAt)
    }
}

extension APITokenRecord {
    /// Scopes as one column: space-separated names in scope order ("read write").
    static func scopesText(_ scopes: some Sequence<TokenScope>) -> String {
        Set(scopes).sorted().map(\.rawValue).joined(separator: " ")
    }

    /// The column back as scopes; a name this build does not know is `StoreError.corrupt`.
    static func scopes(_ text: String) throws -> [TokenScope] {
        try text.split(separator: " ").map { name in
            guard let scope = TokenScope(rawValue: String(name)) else {
                throw StoreError.corrupt("unknown token scope '\(name)'")
            }
            return scope
        }
    }
}

/// Token ids: `tok_` and 12 random hex digits.
enum TokenID {
    static func make() -> String { "tok_" + MonitorID.make().dropFirst(4) }
}
