import Foundation
import Testing
@testable import TrustMonitorServer
import TrustMonitorStore
@testable import TrustMonitorTestSupport

/// The dashboard's sign-in on a real server: the form, the cookie, CSRF, sign-out, revocation, redirects, and the
/// limit on guessing.
@Suite struct SignInTests {
    @Test func signingInSetsAStrictHttpOnlySessionCookie() async throws {
        try await AccessHarness.run { server in
            let page = try await TestHTTP.send("GET", server.base + "/login?next=/dashboard/probes")
            #expect(page.status == 200 && page.header("Content-Type") == "text/html; charset=utf-8")
            #expect(page.text.contains("<label for=\"token\">") && page.text.contains("autofocus"))
            #expect(page.text.contains("name=\"next\" value=\"/dashboard/probes\""))
            #expect(page.text.contains("tokens create") && !page.text.contains("http://") && !page.text.contains("https://"),
                    "says where a token comes from, loads nothing from elsewhere")
            #expect(page.header("Content-Security-Policy")?.contains("default-src 'none'") == true)

            let answer = try await TestHTTP.send("POST", server.base + "/login",
                                                 form: [("token", try server.token(.read)), ("next", "/dashboard/probes")])
            #expect(answer.status == 303 && answer.header("Location") == "/dashboard/probes")
            let cookie = try #require(answer.header("Set-Cookie"))
            let attributes = Set(cookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(attributes == ["Max-Age=43200", "Path=/", "HttpOnly", "SameSite=Strict"], "\(cookie)")
            let read = try server.token(.read)
            #expect(cookie.hasPrefix("tm_session=") && !cookie.contains(read))

            let (session, _) = try await server.signIn(try server.token(.read))
            let me = try await TestHTTP.send("GET", server.base + "/api/v1/me", cookie: session)
            #expect(me.status == 200 && me.json["name"] as? String == "read-token")
            #expect(me.json["scopes"] as? [String] == ["read"])
            let noNext = try await TestHTTP.send("POST", server.base + "/login", form: [("token", try server.token(.read))])
            #expect(noNext.header("Location") == "/dashboard")
        }
    }

    @Test func secureCookiesWhenServedOverHTTPS() async throws {
        try await AccessHarness.run(access: AccessSettings(publicURL: "https://status.example.com")) { server in
            let answer = try await TestHTTP.send("POST", server.base + "/login", form: [("token", try server.token(.read))])
            #expect(answer.header("Set-Cookie")?.hasSuffix("; Secure") == true)
        }
        #expect(AccessSettings(publicURL: "http://status.example.com").secureCookies == false)
        #expect(AccessSettings(publicURL: nil).secureCookies == false)
    }

    @Test func aWrongTokenIsA401PageThatSaysSo() async throws {
        try await AccessHarness.run { server in
            for wrong in ["", "nope", APIToken.generate(), server.revoked] {
                let answer = try await TestHTTP.send("POST", server.base + "/login", form: [("token", wrong)])
                #expect(answer.status == 401 && answer.header("Set-Cookie") == nil, "\(wrong)")
                #expect(answer.text.contains("role=\"alert\"") && answer.text.contains("aria-invalid=\"true\""))
            }
        }
    }

    /// Login CSRF: another site's form signing this browser in as someone else is refused; this server's own page
    /// (same origin) and clients that are not browsers (no Origin) are not.
    @Test func aSignInPostedByAnotherSiteIsRefused() async throws {
        try await AccessHarness.run { server in
            let token = try server.token(.read)
            let own = "http://127.0.0.1:\(server.port)"
            let refused: [[String: String]] = [
                ["Origin": "https://evil.example"], ["Origin": "null"], ["Origin": "http://127.0.0.1:1"],
                ["Sec-Fetch-Site": "cross-site", "Origin": own], ["Sec-Fetch-Site": "same-site"],
            ]
            for headers in refused {
                let answer = try await TestHTTP.send("POST", server.base + "/login", headers: headers, form: [("token", token)])
                #expect(answer.status == 403 && answer.header("Set-Cookie") == nil, "\(headers)")
                #expect(answer.text.contains("another site"))
            }
            for headers in [["Origin": own], ["Sec-Fetch-Site": "same-origin", "Origin": own], [:]] {
                let answer = try await TestHTTP.send("POST", server.base + "/login", headers: headers, form: [("token", token)])
                #expect(answer.status == 303 && answer.header("Set-Cookie") != nil, "\(headers)")
            }
        }
    }

    @Test func unsafeSessionRequestsNeedTheSessionsCSRFToken() async throws {
        try await AccessHarness.run { server in
            let (cookie, csrf) = try await server.signIn(try server.token(.admin))
            let url = server.base + "/api/v1/tokens"
            let body = #"{"name": "ci", "scopes": ["read"]}"#
            let without = try await TestHTTP.send("POST", url, cookie: cookie, json: body)
            #expect(without.status == 403 && without.errorCode == "csrf")
            let wrong = try await TestHTTP.send("POST", url, cookie: cookie, headers: ["X-CSRF-Token": csrf + "x"], json: body)
            #expect(wrong.status == 403 && wrong.errorCode == "csrf")
            let other = try await server.signIn(try server.token(.admin))
            let foreign = try await TestHTTP.send("POST", url, cookie: cookie, headers: ["X-CSRF-Token": other.csrf], json: body)
            #expect(foreign.status == 403 && foreign.errorCode == "csrf", "another session's CSRF token")
            #expect(try await server.store.tokens().count == 4, "nothing was created")

            let right = try await TestHTTP.send("POST", url, cookie: cookie, headers: ["X-CSRF-Token": csrf], json: body)
            #expect(right.status == 201, "\(right.text)")
            // Reads need none, and a form field serves as well as the header.
            #expect(try await TestHTTP.send("GET", url, cookie: cookie).status == 200)
            let formRevoke = try await TestHTTP.send("POST", server.base + "/logout", cookie: cookie,
                                                     form: [("csrf_token", "wrong")])
            #expect(formRevoke.status == 403 && formRevoke.errorCode == "csrf", "no other site can sign a browser out")
            let logout = try await TestHTTP.send("POST", server.base + "/logout", cookie: cookie, form: [("csrf_token", csrf)])
            #expect(logout.status == 303 && logout.header("Location") == "/login")
            #expect(logout.header("Set-Cookie")?.hasPrefix("tm_session=; Max-Age=0") == true)
            let after = try await TestHTTP.send("GET", server.base + "/api/v1/me", cookie: cookie)
            #expect(after.status == 401 && after.errorCode == "unauthorized", "signed out: the cookie is worthless")
            #expect(try await TestHTTP.send("GET", server.base + "/api/v1/me", cookie: other.cookie).status == 200,
                    "other sessions go on")
        }
    }

    @Test func revokingATokenEndsItsSessions() async throws {
        try await AccessHarness.run { server in
            let (cookie, _) = try await server.signIn(try server.token(.write))
            #expect(try await TestHTTP.send("GET", server.base + "/api/v1/me", cookie: cookie).status == 200)
            let id = try #require(try await server.store.tokens().first { $0.name == "write-token" }?.id)
            let revoke = try await TestHTTP.send("DELETE", server.base + "/api/v1/tokens/\(id)", bearer: try server.token(.admin))
            #expect(revoke.status == 204)
            let page = try await TestHTTP.send("GET", server.base + "/dashboard", cookie: cookie)
            #expect(page.status == 303 && page.header("Location") == "/login?next=/dashboard")
            #expect(try await TestHTTP.send("GET", server.base + "/api/v1/me", cookie: cookie).status == 401)
            #expect(try await TestHTTP.send("GET", server.base + "/api/v1/me", bearer: try server.token(.write)).status == 401)
        }
    }

    @Test func dashboardPagesSendTheBrowserToSignIn() async throws {
        try await AccessHarness.run { server in
            let page = try await TestHTTP.send("GET", server.base + "/dashboard/monitors/mon_1?tab=results&x=1")
            #expect(page.status == 303)
            #expect(page.header("Location") == "/login?next=/dashboard/monitors/mon_1%3Ftab%3Dresults%26x%3D1")
            let form = try await TestHTTP.send("POST", server.base + "/dashboard/incidents/inc_1/ack")
            #expect(form.status == 303 && form.header("Location") == "/login")
            let api = try await TestHTTP.send("GET", server.base + "/api/v1/monitors")
            #expect(api.status == 401 && api.header("WWW-Authenticate")?.hasPrefix("Bearer") == true, "the API is not redirected")
        }
    }

    /// Only a path on this site is a place to return to: the form drops every other `next`.
    @Test(arguments: [
        "https://evil.example/", "//evil.example/x", "/\\evil.example", "/\\/evil.example", "javascript:alert(1)",
        "evil.example", "/ok\r\nSet-Cookie: x=1", "/ok\\..\\x", "",
    ])
    func openRedirectsAreRefused(_ next: String) async throws {
        try await AccessHarness.run { server in
            let answer = try await TestHTTP.send("POST", server.base + "/login",
                                                 form: [("token", try server.token(.read)), ("next", next)])
            #expect(answer.status == 303 && answer.header("Location") == "/dashboard", "\(next)")
            let page = try await TestHTTP.send("GET", server.base + "/login?next=" + TestHTTP.encode(next))
            #expect(!page.text.contains("name=\"next\""), "\(next)")
        }
        #expect(SignInRoutes.safeNext("/dashboard/incidents/inc_1?x=1") == "/dashboard/incidents/inc_1?x=1")
    }

    @Test func theSixthFailureFromOneAddressIsRateLimited() async throws {
        try await AccessHarness.run(host: "::") { server in
            for attempt in 1...5 {
                let failed = try await TestHTTP.send("POST", server.base + "/login", form: [("token", APIToken.generate())])
                #expect(failed.status == 401, "attempt \(attempt)")
            }
            let limited = try await TestHTTP.send("POST", server.base + "/login", form: [("token", try server.token(.read))])
            #expect(limited.status == 429 && limited.header("Set-Cookie") == nil, "even the right token waits")
            let wait = try #require(limited.header("Retry-After").flatMap(Int.init))
            #expect((1...300).contains(wait))
            let api = try await TestHTTP.send("GET", server.base + "/api/v1/me", bearer: try server.token(.read))
            #expect(api.status == 429 && api.errorCode == "rate_limited" && api.header("Retry-After") != nil)
            // Another address (::1, where the failures came from 127.0.0.1) is not held back.
            let form = "token=" + (try server.token(.read))
            let elsewhere = try await RawExchange.perform(host: "::1", port: server.port, request: """
                POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r
                Content-Length: \(form.utf8.count)\r\nConnection: close\r\n\r\n\(form)
                """)
            #expect(elsewhere.statusCode == 303 && elsewhere.header("Set-Cookie") != nil, "\(elsewhere.text)")
            let me = try await RawExchange.perform(host: "::1", port: server.port, request: """
                GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(try server.token(.read))\r
                Connection: close\r\n\r\n
                """)
            #expect(me.statusCode == 200, "\(me.text)")
        }
        // Failures age out of the window, per address.
        let limiter = FailureLimiter(limit: 5, window: .seconds(300))
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for second in 0..<5 { await limiter.recordFailure("192.0.2.1", now: start.addingTimeInterval(Double(second))) }
        #expect(await limiter.retryAfter("192.0.2.1", now: start.addingTimeInterval(10)) == 290)
        #expect(await limiter.retryAfter("192.0.2.2", now: start.addingTimeInterval(10)) == nil)
        #expect(await limiter.retryAfter("192.0.2.1", now: start.addingTimeInterval(300)) == nil)
        // `failed_auth_limit: 0` (behind a proxy, every client shares an address): never refused.
        let off = FailureLimiter(limit: 0, window: .seconds(300))
        for second in 0..<50 { await off.recordFailure("192.0.2.1", now: start.addingTimeInterval(Double(second))) }
        #expect(await off.retryAfter("192.0.2.1", now: start.addingTimeInterval(60)) == nil)
    }

    @Test func unknownBearerTokensCountAgainstTheAddress() async throws {
        try await AccessHarness.run { server in
            for bad in [APIToken.generate(), "nope", server.revoked, APIToken.generate(), APIToken.generate()] {
                let refused = try await TestHTTP.send("GET", server.base + "/api/v1/me", bearer: bad)
                #expect(refused.status == 401)
            }
            let limited = try await TestHTTP.send("GET", server.base + "/api/v1/me", bearer: try server.token(.read))
            #expect(limited.status == 429)
            // Public routes and requests without credentials are not guesses, and are not held back.
            let health = try await TestHTTP.send("GET", server.base + "/healthz")
            #expect(health.status == 200)
        }
    }
}
