public import Hummingbird
public import TrustMonitorStore

/// The context every route of the server sees: Hummingbird's own, plus who is asking (set by the authenticator
/// before any route runs) and from where (for rate-limiting failed sign-ins).
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller the request's bearer token or session cookie names; nil for an anonymous request (public
    /// routes only).
    public var principal: Principal?
    /// The peer's IP address as the socket saw it.
    public let clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }
}

/// Who made a request: an API token, directly (`Authorization: Bearer`) or through a dashboard session.
public struct Principal: Sendable {
    /// The token's id (`tok_...`), never the token itself.
    public var tokenID: String
    /// The token's name, as recorded on acknowledgements and comments.
    public var name: String
    public var scopes: Set<TokenScope>
    /// The session's CSRF token when the request came with a session cookie; nil for bearer tokens, which a
    /// browser never sends on its own and so need no CSRF protection.
    public var csrfToken: String?

    public init(tokenID: String, name: String, scopes: Set<TokenScope>, csrfToken: String? = nil) {
        self.tokenID = tokenID
        self.name = name
        self.scopes = scopes
        self.csrfToken = csrfToken
    }

    /// Whether the caller may do what `scope` allows: `admin` implies `write`, which implies `read`; `agent` is
    /// apart (a probe's token reads nothing of the API).
    public func has(_ scope: TokenScope) -> Bool {
        scopes.contains { $0.grants(scope) }
    }
}
