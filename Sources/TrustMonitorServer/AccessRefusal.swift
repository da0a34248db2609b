import Foundation
import Hummingbird
import TrustMonitorStore

/// The answers the `Authenticator` gives instead of running a route, in the API's error shape.
enum AccessRefusal {
    /// 401 with `WWW-Authenticate: Bearer` (RFC 6750), `error="invalid_token"` when a token was sent but is no good.
    static func unauthorized(_ message: String, invalidToken: Bool) -> Response {
        var response = error(.unauthorized, "unauthorized", message)
        response.headers[.wwwAuthenticate] = invalidToken
            ? "Bearer realm=\"trustmonitor\", error=\"invalid_token\"" : "Bearer realm=\"trustmonitor\""
        return response
    }

    static func forbidden(needs scope: TokenScope, has scopes: Set<TokenScope>) -> Response {
        let held = scopes.sorted().map(\.rawValue).joined(separator: ", ")
        return error(.forbidden, "forbidden",
                     "this needs a token with the '\(scope.rawValue)' scope; this one has \(held.isEmpty ? "none" : held)")
    }

    static func csrf() -> Response {
        error(.forbidden, "csrf", "a signed-in browser's change must carry the session's CSRF token "
              + "(form field csrf_token or header X-CSRF-Token); reload the page and try again")
    }

    static func rateLimited(retryAfter seconds: Int) -> Response {
        var response = error(.tooManyRequests, "rate_limited",
                             "too many failed sign-ins or unknown tokens from this address; try again in \(seconds) s")
        response.headers[.retryAfter] = String(seconds)
        return response
    }

    /// 303 to the sign-in page, which returns the browser to `next` (a GET's own path and query) afterwards.
    static func signIn(next: String?) -> Response {
        var location = "/login"
        if let next, let encoded = next.addingPercentEncoding(withAllowedCharacters: nextAllowed) {
            location += "?next=" + encoded
        }
        var response = Response(status: .seeOther)
        response.headers[.location] = location
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// Unreserved characters and `/`: everything else of a path and query is escaped inside the `next` parameter.
    private static let nextAllowed = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")

    private static func error(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
        JSONResponse.make(status: status, ["error": ["code": code, "message": message]])
    }
}
