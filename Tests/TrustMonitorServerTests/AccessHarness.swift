import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import Testing
@testable import TrustMonitorServer
import TrustMonitorStore
@testable import TrustMonitorTestSupport

/// A real server (the API router, on a kernel-chosen port, over a real SQLite file) with an API token of each scope
/// and a revoked one, logging everything, down to trace, where a test can read it.
struct AccessHarness {
    let store: SQLiteStore
    let base: String
    let port: Int
    /// A working token of each API scope.
    let tokens: [TokenScope: String]
    /// A token that was valid and is revoked.
    let revoked: String
    let logs: LogRecorder

    /// The server listens on `host`; on `::` (both IPv4 and IPv6 on Linux) a test can call from two addresses,
    /// 127.0.0.1 (`base`) and ::1 (`port`, with `RawExchange`).
    static func run(access: AccessSettings = AccessSettings(), host: String = "127.0.0.1",
                    _ body: (AccessHarness) async throws -> Void) async throws {
        let directory = NSTemporaryDirectory() + "tm-access-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try await SQLiteStore.open(path: directory + "/access.db")
        try await store.migrate()
        var tokens: [TokenScope: String] = [:]
        for scope in [TokenScope.read, .write, .admin] {
            let token = APIToken.generate()
            _ = try await store.createToken(name: "\(scope.rawValue)-token", scopes: [scope],
                                            tokenHash: APIToken.hash(token), now: Date())
            tokens[scope] = token
        }
        let revoked = APIToken.generate()
        let record = try await store.createToken(name: "gone", scopes: [.admin], tokenHash: APIToken.hash(revoked),
                                                 now: Date())
        _ = try await store.revokeToken(id: record.id, at: Date())

        let logs = LogRecorder()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: APIRoutes.makeRouter(store: store, access: access),
                              configuration: .init(address: .hostname(host, port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
                              logger: logs.logger(label: "test.access", level: .trace))
        let running = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let harness = AccessHarness(store: store, base: "http://127.0.0.1:\(port)", port: port, tokens: tokens,
                                    revoked: revoked, logs: logs)
        do {
            try await body(harness)
        } catch {
            running.cancel()
            try? await store.close()
            throw error
        }
        running.cancel()
        _ = await running.result
        try await store.close()
    }

    func token(_ scope: TokenScope) throws -> String { try #require(tokens[scope]) }

    /// Signs in with `token` by the form, as a browser does; returns the session cookie's value and its CSRF token.
    func signIn(_ token: String) async throws -> (cookie: String, csrf: String) {
        let answer = try await TestHTTP.send("POST", base + "/login", form: [("token", token)])
        #expect(answer.status == 303, "\(answer.text)")
        let setCookie = try #require(answer.header("Set-Cookie"))
        let value = try #require(setCookie.split(separator: ";").first.map(String.init))
        let cookie = try #require(value.hasPrefix("tm_session=") ? value : nil)
        let id = String(cookie.dropFirst("tm_session=".count))
        let session = try #require(try await store.session(idHash: APIToken.hash(id), now: Date()))
        return (cookie, session.session.csrf)
    }
}
