import Foundation
import Hummingbird
import Testing
@testable import TrustMonitorCLI
import TrustMonitorAgentProtocol
import TrustMonitorConfig
import TrustMonitorEngine
import TrustMonitorLedger
import TrustMonitorServer
import TrustMonitorStore
@testable import TrustMonitorTestSupport

/// Every route `serve` registers (its router built by `ServerRuntime.router`, so a route added anywhere there is
/// covered), called without, with bad, and with too weak credentials: each is refused as `AccessPolicy` says, and
/// a good enough token gets past the guard.
@Suite struct AccessCoverageTests {
    struct Credentials {
        let tokens: [TokenScope: String]
        let revoked: String
        let agent: String
        let revokedAgent: String
    }

    @Test func everyRouteIsGuardedAsThePolicySays() async throws {
        let directory = NSTemporaryDirectory() + "tm-coverage-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let configuration = try Configuration.parse(
            yaml: "server: {data_dir: \(directory)}\nmonitors:\n  - {name: api, url: \"http://127.0.0.1:1/\"}\n",
            file: "coverage.yaml", environment: [:])
        let store = try await SQLiteStore.open(path: directory + "/trustmonitor.db")
        try await store.migrate()
        let credentials = try await Self.credentials(store)
        let queue = JobQueue()
        let remote = RemoteProbes(fallback: queue)
        let engine = MonitorEngine(store: store, queue: queue, local: ProbeIdentity(name: "local", region: "home"),
                                   remote: remote)
        let keys = try LedgerKeys.loadOrCreate(dataDir: directory, origin: "coverage.test/ledger")
        let checkpoints = CheckpointPublisher(store: store, signer: keys.log)
        let role = ReplicaRole()
        await role.activate()
        // Four refusals a route, dozens of routes, one address: a limit that never bites here (its own tests are
        // in SignInTests).
        let router = ServerRuntime.router(configuration, store: store, engine: engine, remote: remote, queue: queue,
                                          shared: nil, checkpoints: checkpoints, reportSigner: keys.report, role: role,
                                          access: AccessSettings(failureLimit: 1_000_000),
                                          monitors: MonitorSet(store: store, engine: engine, configuration: configuration),
                                          alertSender: AlertChannels(configuration.alerts))
        let routes = router.routes.map { ($0.method, Self.concrete($0.path.description)) }
        let paths = Set(routes.map(\.1))
        for expected in ["/healthz", "/login", "/logout", "/metrics", "/api/v1/tokens", "/api/v1/me", "/api/v1/probes",
                         "/api/v1/agent/lease", "/api/v1/monitors", "/api/v1/maintenance", "/ledger/checkpoint"] {
            #expect(paths.contains(expected), "the full router lacks \(expected)")
        }

        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        let running = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        let base = "http://127.0.0.1:\(try #require(await iterator.next()))"
        var checked = 0
        for (method, path) in routes {
            let access = AccessPolicy.access(method: method, path: path)
            try await Self.check(method.rawValue, base + path, access, credentials)
            checked += 1
        }
        #expect(checked >= 25, "only \(checked) routes")
        running.cancel()
        _ = await running.result
        try await store.close()
    }

    /// One route, every kind of caller.
    static func check(_ method: String, _ url: String, _ access: AccessPolicy.Access, _ credentials: Credentials)
        async throws {
        let route = "\(method) \(url) (\(access))"
        func status(bearer: String? = nil, authorization: String? = nil) async throws -> TestHTTP.Answer {
            try await TestHTTP.send(method, url, bearer: bearer, authorization: authorization)
        }
        let refusedStatuses: Set<Int> = [401, 403, 429]
        switch access {
        case .anyone:
            // Its own answer, not the guard's (POST /login with no token is the sign-in page's own 401).
            let answer = try await status()
            #expect(!["unauthorized", "forbidden", "csrf", "rate_limited"].contains(answer.errorCode ?? ""),
                    "\(route): \(answer.status) \(answer.text)")
            #expect(answer.header("Location")?.hasPrefix("/login?next=") != true, "\(route)")
        case .agent:
            for (what, token) in [("none", nil), ("an API admin token", credentials.tokens[.admin]),
                                  ("a revoked probe's token", credentials.revokedAgent)] {
                let answer = try await status(bearer: token)
                #expect(answer.status == 401, "\(route) with \(what): \(answer.status)")
            }
            let good = try await status(bearer: credentials.agent)
            #expect(!refusedStatuses.contains(good.status), "\(route) with its agent token: \(good.status) \(good.text)")
        case .scope(let scope), .page(let scope):
            let isPage = if case .page = access { true } else { false }
            let anonymous = try await status()
            if isPage {
                #expect(anonymous.status == 303 && anonymous.header("Location")?.hasPrefix("/login") == true, "\(route)")
            } else {
                #expect(anonymous.status == 401 && anonymous.header("WWW-Authenticate")?.hasPrefix("Bearer") == true,
                        "\(route) without a token: \(anonymous.status)")
                #expect(anonymous.errorCode == "unauthorized", "\(route)")
            }
            for (what, header) in [("a malformed token", "Bearer nope"), ("another scheme", "Basic YWRtaW46YWRtaW4="),
                                   ("an unknown token", "Bearer \(APIToken.generate())"),
                                   ("a revoked token", "Bearer \(credentials.revoked)")] {
                let answer = try await status(authorization: header)
                #expect(answer.status == 401 && answer.errorCode == "unauthorized", "\(route) with \(what): \(answer.status)")
            }
            if let weaker = TokenScope.allCases.filter({ $0 != .agent && $0 < scope }).max() {
                let answer = try await status(bearer: credentials.tokens[weaker])
                #expect(answer.status == 403 && answer.errorCode == "forbidden", "\(route) with \(weaker): \(answer.status)")
                let message = (answer.json["error"] as? [String: Any])?["message"] as? String
                #expect(message?.contains("'\(scope.rawValue)' scope") == true, "\(route): \(message ?? "")")
            }
            let good = try await status(bearer: credentials.tokens[scope])
            #expect(!refusedStatuses.contains(good.status), "\(route) with \(scope): \(good.status) \(good.text)")
        }
    }

    /// A token of each API scope, a revoked one, and a live and a revoked probe's token.
    static func credentials(_ store: any Store) async throws -> Credentials {
        var tokens: [TokenScope: String] = [:]
        for scope in [TokenScope.read, .write, .admin] {
            let token = APIToken.generate()
            _ = try await store.createToken(name: scope.rawValue, scopes: [scope], tokenHash: APIToken.hash(token), now: Date())
            tokens[scope] = token
        }
        let revoked = APIToken.generate()
        let gone = try await store.createToken(name: "gone", scopes: [.admin], tokenHash: APIToken.hash(revoked), now: Date())
        _ = try await store.revokeToken(id: gone.id, at: Date())
        let agent = AgentToken.generate(), revokedAgent = AgentToken.generate()
        _ = try await store.addProbe(name: "eu-1", region: "eu", tokenHash: AgentToken.hash(agent), now: Date())
        let old = try await store.addProbe(name: "eu-0", region: "eu", tokenHash: AgentToken.hash(revokedAgent), now: Date())
        _ = try await store.revokeProbe(id: old.id, at: Date())
        return Credentials(tokens: tokens, revoked: revoked, agent: agent, revokedAgent: revokedAgent)
    }

    /// A route pattern as a request path: each capture a made-up id, a wildcard one segment, `**` two.
    static func concrete(_ pattern: String) -> String {
        pattern.replacing(/\{[^}\/]*\}/, with: "x1").replacing("**", with: "a/b").replacing("*", with: "x")
    }
}
