import Hummingbird

/// The dashboard's session cookie, `tm_session`: the session's random id, readable by no script (`HttpOnly`), sent
/// on no cross-site request (`SameSite=Strict`), for the whole site, and `Secure` when served over https.
enum SessionCookie {
    static let name = "tm_session"

    static func value(in request: Request) -> String? {
        guard let value = request.cookies[name]?.value, !value.isEmpty else { return nil }
        return value
    }

    static func set(_ id: String, lifetime: Duration, secure: Bool) -> String {
        attributes("\(name)=\(id); Max-Age=\(lifetime.components.seconds)", secure: secure)
    }

    /// Tells the browser to forget the cookie.
    static func clear(secure: Bool) -> String {
        attributes("\(name)=; Max-Age=0", secure: secure)
    }

    private static func attributes(_ head: String, secure: Bool) -> String {
        head + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }
}
