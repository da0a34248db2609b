import Testing
import TrustMonitorCore

@Suite struct TargetTests {
    @Test(arguments: [
        ("http://example.com", Target.Scheme.http, "example.com", 80, "/"),
        ("https://Example.COM/health?x=1#frag", .https, "example.com", 443, "/health?x=1"),
        ("http://127.0.0.1:8080/a/b", .http, "127.0.0.1", 8080, "/a/b"),
        ("https://[::1]:8443/", .https, "::1", 8443, "/"),
        ("http://host?q", .http, "host", 80, "/?q"),
        ("tcp://db.internal:5432", .tcp, "db.internal", 5432, ""),
    ])
    func parsesValidURLs(text: String, scheme: Target.Scheme, host: String, port: Int, path: String) throws {
        let target = try Target.parse(text)
        #expect(target.scheme == scheme)
        #expect(target.host == host)
        #expect(target.port == port)
        #expect(target.pathAndQuery == path)
    }

    @Test(arguments: [
        ("example.com", "missing scheme"),
        ("ftp://example.com", "unsupported scheme"),
        ("http://", "missing host"),
        ("http://exa mple.com", "whitespace"),
        ("http://example.com:0/", "port '0'"),
        ("http://example.com:99999/", "port '99999'"),
        ("http://user:pw@example.com/", "credentials"),
        ("tcp://db.internal", "needs a port"),
        ("tcp://db:5432/path", "takes no path"),
        ("http://[::1/", "unclosed"),
        ("http://exa%mple.com/", "characters"),
    ])
    func rejectsBadURLs(text: String, reason: String) {
        #expect {
            try Target.parse(text)
        } throws: { error in
            (error as? Target.ParseError)?.description.contains(reason) == true
        }
    }

    @Test func hostHeaderOmitsDefaultPort() throws {
        #expect(try Target.parse("https://a.example:443/").hostHeader == "a.example")
        #expect(try Target.parse("https://a.example:8443/").hostHeader == "a.example:8443")
        #expect(try Target.parse("http://[::1]:81/").hostHeader == "[::1]:81")
    }

    @Test(arguments: [
        ("https://a.example/x/y?q", "/z", "https://a.example/z"),
        ("https://a.example/x/y?q", "z", "https://a.example/x/z"),
        ("https://a.example/x/y", "//b.example/p", "https://b.example/p"),
        ("http://a.example:8080/x", "https://c.example/", "https://c.example/"),
        ("http://a.example:8080/x", "/y", "http://a.example:8080/y"),
    ])
    func resolvesRedirectLocations(base: String, location: String, expected: String) throws {
        #expect(try Target.parse(base).resolving(location: location).description == expected)
    }
}
