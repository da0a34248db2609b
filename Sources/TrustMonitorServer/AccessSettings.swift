/// How sign-in behaves: the session's lifetime and cookie, and how many failed guesses an address gets.
public struct AccessSettings: Sendable {
    /// Marks the session cookie `Secure`: right when the server is reached over https (its `public_url`), and
    /// wrong on plain http, where a browser would then never send the cookie back.
    public var secureCookies: Bool
    public var sessionLifetime: Duration
    /// Failed sign-ins and unknown bearer tokens an address may make within `failureWindow` before it is refused;
    /// 0: no limit.
    public var failureLimit: Int
    public var failureWindow: Duration

    public init(secureCookies: Bool = false, sessionLifetime: Duration = .seconds(12 * 3600), failureLimit: Int = 5,
                failureWindow: Duration = .seconds(300)) {
        self.secureCookies = secureCookies
        self.sessionLifetime = sessionLifetime
        self.failureLimit = failureLimit
        self.failureWindow = failureWindow
    }

    /// Secure cookies exactly when the public URL is https.
    public init(publicURL: String?, failureLimit: Int = 5) {
        self.init(secureCookies: publicURL?.lowercased().hasPrefix("https://") == true, failureLimit: failureLimit)
    }
}
