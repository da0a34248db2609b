import Foundation
public import TrustMonitorCore
public import TrustMonitorLedger

/// What `trustmonitor agent` was asked to do, checked once at the edge: the rest of the agent never sees a
/// raw URL or an empty token, and a mistake is reported before anything touches the network.
public struct AgentConfiguration: Sendable {
    /// The servers' base URLs in the order given, each ending in `/`: replicas of one deployment (see
    /// `ServerPool`). The agent routes and `/healthz` hang off them, so a server behind a proxy under a path
    /// prefix works too.
    public var servers: [String] { addresses.map(\.base) }
    let addresses: [ServerAddress]
    public let token: String
    public let region: String
    public let dataDir: String
    /// The known-good target that tells a dead network from a dead target: `--canary`; nil means the
    /// `/healthz` of the server in use, which moves with it.
    public let canary: Target?
    /// Checks in flight at once; also the most jobs one lease asks for (and at most 256, the server's limit).
    public let concurrency: Int
    /// Whether the agent cosigns the log's checkpoints (on unless `--no-witness`).
    public let witness: Bool
    /// The log key to witness for (`--log-key`); nil pins the key the server names at the first registration.
    public let logKey: NoteVerifierKey?
    /// How long one lease call may wait on the server for work (the long poll).
    public var leaseWait: Duration = .seconds(20)
    /// How long one witness poll may wait on the server for a checkpoint to cosign (at most 30 s).
    public var witnessWait: Duration = .seconds(20)
    /// Results posted per call: small, so one refused batch loses little and one post stays short.
    public var resultBatch = 32
    /// Posts in flight at once: one at a time capped an agent at 400-600 results/s against a busy server
    /// (benchmarks/distributed.sh), so results queued for seconds while their monitors skipped turns.
    public var concurrentPosts = 4
    /// After SIGTERM, how long running checks may take to finish before they are abandoned.
    public var shutdownGrace: Duration = .seconds(10)
    /// Longest wait between two tries when the server cannot be reached.
    public var maxBackoff: Duration = .seconds(30)

    /// `servers` holds one URL or several, each entry possibly a comma-separated list; duplicates count once.
    public init(servers: [String], token: String, region: String, dataDir: String, canary: String? = nil,
                concurrency: Int = 64, witness: Bool = true, logKey: String? = nil) throws(AgentConfigurationError)
    {
        var addresses: [ServerAddress] = []
        for text in servers.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            let address = try ServerAddress(String(text).trimmingCharacters(in: .whitespaces))
            if !addresses.contains(where: { $0.base == address.base }) { addresses.append(address) }
        }
        guard !addresses.isEmpty else { throw AgentConfigurationError("--server is required") }
        self.addresses = addresses
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
        do { self.canary = try canary.map(Target.parse) } catch {
            throw AgentConfigurationError("--canary: \(error)")
        }
        self.witness = witness
        self.logKey = try Self.logKey(logKey, witness: witness)
    }

    /// One server, as before several were allowed.
    public init(server: String, token: String, region: String, dataDir: String, canary: String? = nil,
                concurrency: Int = 64, witness: Bool = true, logKey: String? = nil) throws(AgentConfigurationError)
    {
        try self.init(servers: [server], token: token, region: region, dataDir: dataDir, canary: canary,
                      concurrency: concurrency, witness: witness, logKey: logKey)
    }

    private static func logKey(_ text: String?, witness: Bool) throws(AgentConfigurationError) -> NoteVerifierKey? {
        guard let text else { return nil }
        guard witness else { throw AgentConfigurationError("--log-key is the key to witness for; drop --no-witness") }
        let key: NoteVerifierKey
        do { key = try NoteVerifierKey(vkey: text) } catch { throw AgentConfigurationError("--log-key: \(error)") }
        guard key.type == .ed25519 else {
            throw AgentConfigurationError("--log-key must be the log's Ed25519 (0x01) vkey, not \(key.keyLabel)")
        }
        return key
    }
}

/// One server's base URL and the canary that goes with it, both checked when the configuration is made.
struct ServerAddress: Sendable, Equatable {
    /// Always ends in `/`.
    let base: String
    /// `<base>healthz`: the default canary while this server is the one in use.
    let healthz: Target

    init(_ text: String) throws(AgentConfigurationError) {
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
        do { healthz = try Target.parse(base + "healthz") } catch {
            throw AgentConfigurationError("--server: '\(text)' has no usable /healthz: \(error)")
        }
        self.base = base
    }

    /// The URL of a route under the base, e.g. `api/v1/agent/lease`.
    func url(_ route: String) -> URL? { URL(string: base + route) }
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
