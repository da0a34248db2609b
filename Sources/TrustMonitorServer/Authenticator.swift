import Foundation
import Hummingbird
import TrustMonitorStore

/// Resolves who is asking (`Authorization: Bearer` or the `tm_session` cookie) and enforces `AccessPolicy` before
/// any route runs; the route then finds the caller in `context.principal`.
///
/// Answers: no credentials 401 (a dashboard page: 303 to `/login`); a malformed, unknown or revoked token 401,
/// counted against the client address (`FailureLimiter`: 429 once it has too many); a scope too low 403; a
/// browser's unsafe request without its session's CSRF token 403 `csrf`.
struct Authenticator: RouterMiddleware {
    typealias Context = AppRequestContext

    let store: any Store
    let limiter: FailureLimiter
    let uses: TokenUses
    /// A form's CSRF field is read from its body; forms are small.
    static let formLimit = 1 << 20

    /// The `X-CSRF-Token` header, which a page's script sends instead of the form field.
    static func csrfHeader(_ request: Request) -> String? {
        request.headers.first { $0.name.canonicalName == "x-csrf-token" }?.value
    }

    private enum Caller {
        case anonymous
        case known(Principal)
        /// A session cookie whose session has ended (expired, signed out, its token revoked).
        case ended
        case refused(Response)
    }

    func handle(_ request: Request, context: AppRequestContext,
                next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        let access = AccessPolicy.access(method: request.method, path: request.uri.path)
        let needed: TokenScope, isPage: Bool
        switch access {
        case .anyone, .agent: return try await next(request, context)
        case .page(let scope): (needed, isPage) = (scope, true)
        case .scope(let scope): (needed, isPage) = (scope, false)
        }
        var request = request
        var context = context
        switch try await caller(&request, context) {
        case .refused(let response):
            return response
        case .anonymous where isPage, .ended where isPage:
            return AccessRefusal.signIn(next: request.method == .get ? request.uri.description : nil)
        case .anonymous:
            return AccessRefusal.unauthorized("this needs an API token: send 'Authorization: Bearer tm_...' (an admin "
                                              + "makes one with POST /api/v1/tokens or 'trustmonitor tokens create')",
                                              invalidToken: false)
        case .ended:
            return AccessRefusal.unauthorized("the session has ended; sign in again at /login", invalidToken: true)
        case .known(let principal):
            guard principal.has(needed) else { return AccessRefusal.forbidden(needs: needed, has: principal.scopes) }
            context.principal = principal
        }
        return try await next(request, context)
    }

    private func caller(_ request: inout Request, _ context: AppRequestContext) async throws -> Caller {
        let now = Date()
        if let header = request.headers[.authorization] {
            return try await bearer(header, address: context.clientAddress ?? "unknown", now: now, context)
        }
        guard let sessionID = SessionCookie.value(in: request) else { return .anonymous }
        guard let (session, token) = try await store.session(idHash: APIToken.hash(sessionID), now: now) else {
            return .ended
        }
        if ![.get, .head, .options].contains(request.method) {
            var sent = Self.csrfHeader(request)
            if sent == nil, FormFields.isForm(request) {
                sent = try await FormFields.read(&request, limit: Self.formLimit)["csrf_token"]
            }
            guard let sent, ConstantTime.equal(sent, session.csrf) else { return .refused(AccessRefusal.csrf()) }
        }
        await recordUse(token, now: now, context)
        return .known(Principal(tokenID: token.id, name: token.name, scopes: Set(token.scopes), csrfToken: session.csrf))
    }

    private func bearer(_ header: String, address: String, now: Date, _ context: AppRequestContext) async throws -> Caller {
        if let wait = await limiter.retryAfter(address, now: now) {
            return .refused(AccessRefusal.rateLimited(retryAfter: wait))
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
              case let token = parts[1].trimmingCharacters(in: .whitespaces), APIToken.isWellFormed(token) else {
            await limiter.recordFailure(address, now: now)
            return .refused(AccessRefusal.unauthorized(
                "the Authorization header must be 'Bearer ' and an API token (tm_ and 43 characters)", invalidToken: true))
        }
        guard let record = try await store.token(hash: APIToken.hash(token)) else {
            await limiter.recordFailure(address, now: now)
            return .refused(AccessRefusal.unauthorized("unknown or revoked API token", invalidToken: true))
        }
        await recordUse(record, now: now, context)
        return .known(Principal(tokenID: record.id, name: record.name, scopes: Set(record.scopes)))
    }

    /// A failed write of this statistic never fails the request.
    private func recordUse(_ token: APITokenRecord, now: Date, _ context: AppRequestContext) async {
        guard await uses.isDue(token.id, now: now) else { return }
        do {
            try await store.touchToken(id: token.id, at: now)
        } catch {
            context.logger.warning("could not record a token's use",
                                   metadata: ["token": "\(token.id)", "error": "\(error)"])
        }
    }
}
