import Foundation
import Hummingbird
import TrustMonitorStore

/// `GET /login` (the form), `POST /login` (a token in, a session cookie out) and `POST /logout`. Public by
/// `AccessPolicy`: they check the token or the session themselves.
struct SignInRoutes: Sendable {
    let store: any Store
    let limiter: FailureLimiter
    let settings: AccessSettings
    /// Forms are a token and a path.
    static let bodyLimit = 16 << 10
    static let defaultNext = "/dashboard"

    func add(to router: Router<AppRequestContext>) {
        router.get("/login") { request, _ in
            SignInPage.response(next: Self.safeNext(request.uri.queryParameters.get("next")))
        }
        router.post("/login") { request, context in try await signIn(request, context) }
        router.post("/logout") { request, context in try await signOut(request, context) }
    }

    func signIn(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await FormFields.read(&request, limit: Self.bodyLimit)
        let next = Self.safeNext(form["next"])
        let address = context.clientAddress ?? "unknown"
        let now = Date()
        guard !Self.isCrossSite(request) else {
            return SignInPage.response(status: .forbidden, next: next,
                                       error: "Sign in from this server's own page: a sign-in posted by another site is refused.")
        }
        if let wait = await limiter.retryAfter(address, now: now) {
            let message = "Too many failed sign-ins from this address. Try again in \(wait) seconds."
            var response = SignInPage.response(status: .tooManyRequests, next: next, error: message)
            response.headers[.retryAfter] = String(wait)
            return response
        }
        let token = (form["token"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard APIToken.isWellFormed(token), let record = try await store.token(hash: APIToken.hash(token)) else {
            await limiter.recordFailure(address, now: now)
            return SignInPage.response(status: .unauthorized, next: next,
                                       error: "That is not a valid API token, or it has been revoked.")
        }
        let id = APIToken.randomText()
        let lifetime = Double(settings.sessionLifetime.components.seconds)
        let session = SessionRecord(idHash: APIToken.hash(id), tokenID: record.id, csrf: APIToken.randomText(),
                                    createdAt: now, expiresAt: now.addingTimeInterval(lifetime))
        guard try await store.createSession(session) else {
            return SignInPage.response(status: .unauthorized, next: next, error: "That token has just been revoked.")
        }
        context.logger.info("signed in", metadata: ["token": "\(record.id)"])
        var response = Self.redirect(to: next ?? Self.defaultNext)
        response.headers[.setCookie] = SessionCookie.set(id, lifetime: settings.sessionLifetime,
                                                         secure: settings.secureCookies)
        return response
    }

    /// Ends the session (with its CSRF token, so no other site can sign a browser out) and forgets the cookie.
    func signOut(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        if let id = SessionCookie.value(in: request),
           let (session, _) = try await store.session(idHash: APIToken.hash(id), now: Date()) {
            var sent = Authenticator.csrfHeader(request)
            if sent == nil { sent = try await FormFields.read(&request, limit: Self.bodyLimit)["csrf_token"] }
            guard let sent, ConstantTime.equal(sent, session.csrf) else { return AccessRefusal.csrf() }
            try await store.deleteSession(idHash: session.idHash)
        }
        var response = Self.redirect(to: "/login")
        response.headers[.setCookie] = SessionCookie.clear(secure: settings.secureCookies)
        return response
    }

    /// `next` when it is a path on this site, else nil: never `//host`, `/\host` (which browsers read as another
    /// site), a scheme, or anything with control characters, so the sign-in page redirects nowhere else.
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), next.utf8.count <= 2048 else { return nil }
        let bytes = Array(next.utf8)
        if bytes.count > 1, bytes[1] == UInt8(ascii: "/") || bytes[1] == UInt8(ascii: "\\") { return nil }
        guard bytes.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "\\") }) else { return nil }
        return next
    }

    /// Whether a browser says the form was posted from another site: that is login CSRF (another site signing this
    /// browser in as someone else, whose actions it then takes for the user's own), refused. Browsers send `Origin`
    /// (and `Sec-Fetch-Site`) on every form post; a client that sends neither is not a browser and is not at risk.
    static func isCrossSite(_ request: Request) -> Bool {
        if let site = request.headers.first(where: { $0.name.canonicalName == "sec-fetch-site" })?.value {
            return site != "same-origin" && site != "none"
        }
        guard let origin = request.headers[.origin] else { return false }
        guard let url = URL(string: origin), let originHost = url.host, let authority = request.head.authority else {
            return true  // "null" (a sandboxed page, a redirect chain) or unreadable: not this site
        }
        let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
        return originAuthority.lowercased() != authority.lowercased()
    }

    static func redirect(to location: String) -> Response {
        var response = Response(status: .seeOther)
        response.headers[.location] = location
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
