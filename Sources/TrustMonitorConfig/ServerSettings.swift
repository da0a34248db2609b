import TrustMonitorCore

/// Where the server listens and keeps its files, and which region its own probe is in
/// (`server: {listen, data_dir, region}`).
public struct ServerSettings: Sendable, Equatable {
    /// Host or IP literal (IPv6 without brackets). Loopback by default: exposing the API is a choice.
    public var listenHost: String
    public var listenPort: Int
    /// Holds the SQLite file (unless `storage` says otherwise) and the keys.
    public var dataDir: String
    /// The region of the server's own probe, so verification by agents goes to other regions.
    public var region: String
    /// The address people and receivers reach the server at (`https://status.example.com`), for links in alerts
    /// to an incident's evidence bundle; nil: alerts carry no link.
    public var publicURL: String?
    /// Failed sign-ins and unknown tokens one client address may make within 5 minutes before it is refused (429)
    /// for the rest of them (`failed_auth_limit`); 0 turns the limit off. Behind a reverse proxy every client has
    /// the proxy's address, so one guesser would lock everyone out: raise it there, or turn it off.
    public var failedAuthLimit: Int = ServerSettings.defaultFailedAuthLimit

    public static let defaultFailedAuthLimit = 5
    public static let defaultRegion = "local"
    public static let defaultListenHost = "127.0.0.1"
    public static let defaultListenPort = 8080
    public static let defaultDataDir = "./data"

    public init(listenHost: String = ServerSettings.defaultListenHost,
                listenPort: Int = ServerSettings.defaultListenPort,
                dataDir: String = ServerSettings.defaultDataDir, region: String = ServerSettings.defaultRegion) {
        self.listenHost = listenHost
        self.listenPort = listenPort
        self.dataDir = dataDir
        self.region = region
    }
}

extension ServerSettings {
    static let configKeys = ["listen", "data_dir", "region", "public_url", "failed_auth_limit"]

    /// The settings with defaults for keys left out; nil when a given key has a problem.
    static func read(from mapping: ConfigMapping?) -> ServerSettings? {
        guard let mapping else { return ServerSettings() }
        return mapping.reader.unlessProblems {
            var settings = ServerSettings()
            if let listen = mapping.value("listen", { try parseListen($0) }) {
                settings.listenHost = listen.host
                settings.listenPort = listen.port
            }
            if let dataDir = mapping.value("data_dir", { try nonEmptyPath($0) }) { settings.dataDir = dataDir }
            if let region = mapping.value("region", { try regionName($0) }) { settings.region = region }
            settings.publicURL = mapping.value("public_url") { text throws(ConfigValueError) in
                guard let target = try? Target.parse(text), target.scheme != .tcp else {
                    throw ConfigValueError("expected an http(s) URL such as https://status.example.com, found '\(text)'")
                }
                return text.hasSuffix("/") ? String(text.dropLast()) : text
            }
            if let limit = mapping.integer("failed_auth_limit", in: 0...1_000_000) { settings.failedAuthLimit = limit }
            return settings
        }
    }

    /// `host:port`, with an IPv6 literal in brackets (`[::1]:8080`); the port is required, so the address
    /// in the file is the whole address.
    static func parseListen(_ text: String) throws(ConfigValueError) -> ListenAddress {
        func fail(_ reason: String) -> ConfigValueError {
            ConfigValueError("invalid listen address '\(text)': \(reason)")
        }
        let host: Substring, portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw fail("unclosed '[' in IPv6 address") }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.first == ":" else { throw fail("expected host:port, e.g. [::1]:8080") }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw fail("expected host:port, e.g. 127.0.0.1:8080") }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            if host.contains(":") { throw fail("an IPv6 address needs brackets, e.g. [::1]:8080") }
        }
        guard !host.isEmpty else { throw fail("missing host (use 0.0.0.0 to listen on every interface)") }
        guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._:".contains($0)) }) else {
            throw fail("host '\(host)' has characters a host name cannot have")
        }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw fail("port '\(portText)' is not a number from 1 to 65535")
        }
        return ListenAddress(host: String(host), port: port)
    }

    /// A struct, not a tuple: Swift 6.3's SILGen crashes reabstracting a labelled tuple thrown through
    /// `ConfigMapping.value`'s generic closure.
    struct ListenAddress {
        let host: String
        let port: Int
    }

    static func regionName(_ text: String) throws(ConfigValueError) -> String {
        if let problem = RegionName.problem(text) { throw ConfigValueError(problem) }
        return text
    }

    static func nonEmptyPath(_ text: String) throws(ConfigValueError) -> String {
        guard !text.isEmpty else { throw ConfigValueError("must not be empty") }
        return text
    }
}
