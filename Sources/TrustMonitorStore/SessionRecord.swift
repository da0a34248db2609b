public import struct Foundation.Date

/// A dashboard sign-in: the browser holds a random session id in a cookie, the store only its SHA-256, so the
/// table is no list of live cookies. The session stands for its token, and ends with it.
public struct SessionRecord: Sendable, Equatable {
    /// SHA-256 (hex) of the cookie's value.
    public var idHash: String
    public var tokenID: String
    /// The session's CSRF token, which every form and unsafe request of the session must carry back.
    public var csrf: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(idHash: String, tokenID: String, csrf: String, createdAt: Date, expiresAt: Date) {
        self.idHash = idHash
        self.tokenID = tokenID
        self.csrf = csrf
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
