public import NIOCore

extension StubResolver {
    /// Why a `--dns-server` value was refused, in words for the command line.
    public struct InvalidNameserver: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Parses a nameserver as people write it: `IP` (port 53), `IPv4:PORT`, `[IPv6]:PORT`, or a bare IPv6
    /// address. A host name is refused: the resolver would need a resolver to find its own server.
    public static func parseNameserver(_ text: String) throws -> SocketAddress {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else { throw invalid(text, "expected IP, IP:PORT or [IPv6]:PORT") }

        let host: Substring
        var portText: Substring?
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]") else {
                throw invalid(text, "missing ']' after the IPv6 address")
            }
            host = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
            let rest = trimmed[trimmed.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw invalid(text, "expected ':PORT' after ']'") }
                portText = rest.dropFirst()
            }
        } else if trimmed.filter({ $0 == ":" }).count == 1, let colon = trimmed.firstIndex(of: ":") {
            host = trimmed[..<colon]
            portText = trimmed[trimmed.index(after: colon)...]
        } else {
            host = trimmed  // No colon (IPv4) or several (a bare IPv6 address, which cannot carry a port).
        }

        let port = try portText.map { try parsePort($0, in: text) } ?? 53
        do {
            return try SocketAddress(ipAddress: String(host), port: port)
        } catch {
            throw invalid(text, "\"\(host)\" is not an IP address (host names are not accepted)")
        }
    }

    /// `127.0.0.1:5353` or `[::1]:53`: how a nameserver is named in failure messages.
    static func displayText(_ address: SocketAddress) -> String {
        let ip = address.ipAddress ?? "\(address)"
        let port = address.port.map(String.init) ?? "?"
        if case .v6 = address { return "[\(ip)]:\(port)" }
        return "\(ip):\(port)"
    }

    private static func parsePort(_ text: Substring, in input: String) throws -> Int {
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(text), (1...65535).contains(port) else {
            throw invalid(input, "the port must be a number from 1 to 65535")
        }
        return port
    }

    private static func invalid(_ input: String, _ reason: String) -> InvalidNameserver {
        InvalidNameserver(message: "invalid DNS server \"\(input)\": \(reason)")
    }
}

extension String {
    /// Without leading and trailing spaces and tabs; Foundation's trimming is not needed for that.
    fileprivate var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return self[first...last]
    }
}
