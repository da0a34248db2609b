public import Hummingbird
public import TrustMonitorStore

/// Who may call what, decided by method and path alone, in one table: the `Authenticator` enforces it before any
/// route runs, so a route added later is covered without doing anything, and closed unless listed as open.
///
/// Paths are split into their non-empty segments exactly as the router matches them (`//api/v1//tokens` is the
/// tokens route to both), so no spelling reaches a route under another path's rule.
public enum AccessPolicy {
    public enum Access: Equatable, Sendable, CustomStringConvertible {
        /// No token: health, the public status page and badges, the ledger's public face, sign-in.
        case anyone
        /// A remote probe's own token, which the agent routes check themselves.
        case agent
        /// A dashboard page or form: a signed-in browser (or a token) with the scope; without one the browser is
        /// sent to `/login`.
        case page(TokenScope)
        /// An API token (or a session) with the scope.
        case scope(TokenScope)

        public var description: String {
            switch self {
            case .anyone: "public"
            case .agent: "agent"
            case .page(let scope): "page(\(scope.rawValue))"
            case .scope(let scope): scope.rawValue
            }
        }
    }

    public static func access(method: HTTPRequest.Method, path: String) -> Access {
        let segments = path.split(separator: "/").map(String.init)
        let reads = method == .get || method == .head
        if reads, isOpenForReading(segments) { return .anyone }
        if method == .post, segments == ["login"] || segments == ["logout"] { return .anyone }
        if segments.starts(with: ["api", "v1", "agent"]) { return .agent }
        if segments.starts(with: ["api", "v1", "tokens"]) { return .scope(.admin) }
        if segments.starts(with: ["api", "v1", "probes"]) {
            if method == .post && segments.count == 3 || method == .delete && segments.count == 4 { return .scope(.admin) }
        }
        if segments.first == "dashboard" { return .page(reads ? .read : .write) }
        // Everything else, under /api/v1, /metrics or a path no rule names: reading needs `read`, anything else
        // `write`.
        return .scope(reads ? .read : .write)
    }

    private static func isOpenForReading(_ segments: [String]) -> Bool {
        switch segments.first {
        case "healthz", "login": segments.count == 1
        case "status": true
        case "badge": segments.count > 1
        case "ledger": segments == ["ledger", "checkpoint"] || segments.count > 2 && segments[1] == "tile"
        case "api": segments == ["api", "v1", "ledger", "proof"] || segments == ["api", "v1", "openapi.json"]
        default: false
        }
    }
}
