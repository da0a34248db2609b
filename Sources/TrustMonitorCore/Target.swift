/// What a check connects to, parsed once from the URL the user gave.
///
/// Parsing lives in Core, not in the prober, so that a bad URL is a usage error (exit 2, HTTP 400) found
/// before anything is scheduled, never a failed check.
public struct Target: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Scheme: String, Sendable, Codable {
        case http, https, tcp
    }

    public var scheme: Scheme
    /// Host as written, without brackets for IPv6 literals; SNI and `Host` use it.
    public var host: String
    public var port: Int
    /// Path and query, starting with `/` (empty for `tcp`).
    public var pathAndQuery: String

    public init(scheme: Scheme, host: String, port: Int, pathAndQuery: String) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.pathAndQuery = pathAndQuery
    }

    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let url: String
        public let reason: String
        public var description: String { "invalid URL '\(url)': \(reason)" }
    }

    /// The `Host` header value: the port is included only when it is not the scheme's default.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        let defaultPort = scheme == .https ? 443 : 80
        return port == defaultPort ? name : "\(name):\(port)"
    }

    public var description: String {
        let name = host.contains(":") ? "[\(host)]" : host
        switch scheme {
        case .tcp: return "tcp://\(name):\(port)"
        case .http, .https: return "\(scheme.rawValue)://\(hostHeader)\(pathAndQuery)"
        }
    }

    public static func parse(_ text: String) throws(ParseError) -> Target {
        func fail(_ reason: String) -> ParseError { ParseError(url: text, reason: reason) }
        guard let schemeEnd = text.range(of: "://") else {
            throw fail("missing scheme (use http://, https:// or tcp://)")
        }
        guard let scheme = Scheme(rawValue: text[..<schemeEnd.lowerBound].lowercased()) else {
            throw fail("unsupported scheme '\(text[..<schemeEnd.lowerBound])' (use http, https or tcp)")
        }
        let rest = text[schemeEnd.upperBound...]
        if rest.contains(where: { $0.isWhitespace || $0.isNewline }) { throw fail("contains whitespace") }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        var pathAndQuery = String(rest[authorityEnd...])
        if let fragment = pathAndQuery.firstIndex(of: "#") { pathAndQuery = String(pathAndQuery[..<fragment]) }
        if pathAndQuery.hasPrefix("?") { pathAndQuery = "/" + pathAndQuery }
        if pathAndQuery.isEmpty { pathAndQuery = "/" }
        if authority.contains("@") { throw fail("credentials in the URL are not supported (use a header)") }
        guard !authority.isEmpty else { throw fail("missing host") }

        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw fail("unclosed '[' in IPv6 address") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            authority = authority[authority.index(after: close)...]
            if !authority.isEmpty {
                guard authority.first == ":" else { throw fail("unexpected text after IPv6 address") }
                portText = authority.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw fail("missing host") }
        let allowed = host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._:".contains($0)) }
        guard allowed else { throw fail("host '\(host)' has characters a host name cannot have") }

        let port: Int
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw fail("port '\(portText)' is not a number from 1 to 65535")
            }
            port = value
        } else {
            switch scheme {
            case .http: port = 80
            case .https: port = 443
            case .tcp: throw fail("tcp:// needs a port, e.g. tcp://db.example.com:5432")
            }
        }
        if scheme == .tcp && pathAndQuery != "/" { throw fail("tcp:// takes no path") }
        return Target(
            scheme: scheme, host: String(host).lowercased(), port: port,
            pathAndQuery: scheme == .tcp ? "" : pathAndQuery)
    }

    /// Resolves a redirect's `Location` against this target (absolute, scheme-relative, absolute-path or
    /// relative reference), per RFC 9110 section 10.2.2.
    public func resolving(location: String) throws(ParseError) -> Target {
        if location.contains("://") { return try Target.parse(location) }
        if location.hasPrefix("//") { return try Target.parse("\(scheme.rawValue):\(location)") }
        let origin = "\(scheme.rawValue)://\(hostHeader)"
        if location.hasPrefix("/") { return try Target.parse(origin + location) }
        let path = pathAndQuery.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "/"
        let directory = path.lastIndex(of: "/").map { path[...$0] } ?? "/"
        return try Target.parse(origin + directory + location)
    }
}
