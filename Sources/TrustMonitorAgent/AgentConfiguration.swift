import struct Foundation.URL
public import TrustMonitorCore

/// What `trustmonitor agent` was asked to do, checked once at the edge: the rest of the agent never sees a
/// raw URL or an empty token, and a mistake is reported before anything touches the network.
public struct AgentConfiguration: Sendable {
    /// The server's base URL, always ending in `/`; the agent routes and `/healthz` hang off it, so a server
    /// behind a proxy under a path prefix works too.
    public let server: String
    public let token: String
    public let region: String
    public let dataDir: String
    /// The known-good target that tells a dead network from a dead target: `--canary`, or the server's own
    /// `/healthz`.
    public let canary: Target
    /// Checks in flight at once; also the most jobs one lease asks for (and at most 256, the server's limit).
    public let concurrency: Int
    /// How long one lease call may wait on the server for work (the long poll).
    public var leaseWait: Duration = .seconds(20)
    /// Results posted per call: small, so one refused batch loses little and one post stays short.
    public var resultBatch = 16
    /// After SIGTERM, how long running checks may take to finish before they are abandoned.
    public var shutdownGrace: Duration = .seconds(10)
    /// Longest wait between two tries when the server cannot be reached.
    public var maxBackoff: Duration = .seconds(30)

    public init(server: String, token: String, region: String, dataDir: String, canary: String? = nil,
                concurrency: Int = 64) throws(AgentConfigurationError)
    {
        self.server = try Self.baseURL(server)
        guard !token.isEmpty, !token.contains(where: \.isWhitespaceOrControl) else {
            throw AgentConfigurationError("the token is empty or has spaces or control characters "
                + "(pass --token or set TRUSTMONITOR_AGENT_TOKEN)")
        }
        guard !region.isEmpty, !region.contains(where: \.isWhitespaceOrControl) else {
            throw AgentConfigurationError("--region is empty or has spaces or control characters")
        }
        guard !dataDir.isEmpty else { throw AgentConfigurationError("--data-dir is empty") }
        guard (1...10_000).contains(concurrency) else {
            throw AgentConfigurationError("--concurrency must be 1 to 10000, not \(concurrency)")
        }
        self.token = token
        self.region = region
        self.dataDir = dataDir
        self.concurrency = concurrency
        do { self.canary = try Target.parse(canary ?? self.server + "healthz") } catch {
            throw AgentConfigurationError("--canary: \(error)")
        }
    }

    /// The URL of a route under the server's base, e.g. `api/v1/agent/lease`.
    func url(_ route: String) -> URL? { URL(string: server + route) }

    private static func baseURL(_ text: String) throws(AgentConfigurationError) -> String {
        let target: Target
        do { target = try Target.parse(text) } catch { throw AgentConfigurationError("--server: \(error)") }
        guard target.scheme != .tcp else {
            throw AgentConfigurationError("--server must be an http:// or https:// URL")
        }
        guard !target.pathAndQuery.contains("?") else {
            throw AgentConfigurationError("--server takes no query string: \(text)")
        }
        var base = target.description
        if !base.hasSuffix("/") { base += "/" }
        guard URL(string: base + "api/v1/agent/register") != nil else {
            throw AgentConfigurationError("--server: '\(text)' is not a URL this platform can open")
        }
        return base
    }
}

/// A command-line value the agent cannot run with; the CLI prints it and exits 2.
public struct AgentConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension Character {
    fileprivate var isWhitespaceOrControl: Bool {
        isWhitespace || isNewline || unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
