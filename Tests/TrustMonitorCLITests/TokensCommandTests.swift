import Foundation
import Testing
@testable import TrustMonitorCLI
import TrustMonitorConfig
import TrustMonitorServer
import TrustMonitorStore

/// `trustmonitor tokens create|list|revoke` on the store a config names, and the first start's admin token.
@Suite struct TokensCommandTests {
    @Test func createListAndRevokeWithTheirExitCodes() async throws {
        let (path, database) = try ProbesCommandTests.config()
        let created = await run(["tokens", "create", "ci", "--scope", "read", "--scope", "write", "--config", path])
        #expect(created.status == 0, "\(created.output.stderr)")
        let secretLine = try #require(created.output.stdout.split(separator: "\n").first { $0.hasPrefix("secret") })
        let secret = String(try #require(secretLine.split(separator: " ").last))
        #expect(APIToken.isWellFormed(secret))

        let store = try await SQLiteStore.open(path: database)
        let record = try #require(try await store.token(hash: APIToken.hash(secret)))
        try await store.close()
        #expect(record.name == "ci" && record.scopes == [.read, .write])
        let file = try String(contentsOfFile: database, encoding: .isoLatin1)
        #expect(!file.contains(secret), "the secret itself is never stored")

        let listed = await run(["tokens", "list", "--config", path])
        #expect(listed.status == 0 && listed.output.stdout.contains("\(record.id)\tci\tread,write\t"))
        #expect(listed.output.stdout.contains("active") && !listed.output.stdout.contains(secret))

        let revoked = await run(["tokens", "revoke", record.id, "--config", path])
        #expect(revoked.status == 0 && revoked.output.stdout.contains("revoked \(record.id)"))
        #expect(await run(["tokens", "list", "--config", path]).output.stdout.contains("revoked 20"))
        let unknown = await run(["tokens", "revoke", "tok_nope", "--config", path])
        #expect(unknown.status == 2 && unknown.output.stderr.contains("no token 'tok_nope'"))
    }

    @Test(arguments: [
        (["tokens", "create", "ci", "--scope", "root"], "'root' is not a scope"),
        (["tokens", "create", "ci", "--scope", "agent"], "made with their probe"),
        (["tokens", "create", "ci"], "at least one scope"),
        (["tokens", "create", "bad name", "--scope", "read"], "invalid token name"),
        (["tokens", "create"], "Missing expected argument"),
        (["tokens", "revoke"], "Missing expected argument"),
    ])
    func badInputIsExit2(arguments: [String], message: String) async throws {
        let (path, _) = try ProbesCommandTests.config()
        let result = await run(arguments + ["--config", path])
        #expect(result.status == 2, "\(arguments)")
        #expect(result.output.stderr.contains(message), "\(result.output.stderr)")
    }

    @Test func aMissingConfigIsExit2() async {
        let result = await run(["tokens", "list", "--config", "/nonexistent/trustmonitor.yaml"])
        #expect(result.status == 2)
    }

    /// A new store gets one admin token, printed once; a second start finds it and prints nothing.
    @Test func theFirstStartPrintsAnAdminTokenOnce() async throws {
        let (path, database) = try ProbesCommandTests.config()
        let configuration = try Configuration.load(path: path, environment: [:])
        let store = try await SQLiteStore.open(path: database)
        try await store.migrate()
        let first = OutputBuffer()
        try await AdminBootstrap.run(.generate, store: store, settings: configuration.server, output: first)
        let printed = try #require(first.stderr.split(whereSeparator: \.isWhitespace).map(String.init)
            .first(where: APIToken.isWellFormed))
        #expect(first.stderr.contains("will not be shown again") && first.stderr.contains("http://127.0.0.1:8080/login"),
                "\(first.stderr)")
        let admin = try #require(try await store.token(hash: APIToken.hash(printed)))
        #expect(admin.name == "admin" && admin.scopes == [.admin])

        let second = OutputBuffer()
        try await AdminBootstrap.run(.generate, store: store, settings: configuration.server, output: second)
        #expect(second.stderr.isEmpty)
        #expect(try await store.tokens().count == 1)
        let chosen = OutputBuffer()
        try await AdminBootstrap.run(.chosen(APIToken.generate()), store: store, settings: configuration.server,
                                     output: chosen)
        #expect(chosen.stderr.isEmpty)
        #expect(try await store.tokens().count == 1, "the operator's token only on a new store")
        try await store.close()
    }

    @Test func theOperatorsTokenIsKeptAndNeverPrinted() async throws {
        let (path, database) = try ProbesCommandTests.config()
        let configuration = try Configuration.load(path: path, environment: [:])
        let store = try await SQLiteStore.open(path: database)
        try await store.migrate()
        let token = APIToken.generate()
        let output = OutputBuffer()
        try await AdminBootstrap.run(.chosen(token), store: store, settings: configuration.server, output: output)
        #expect(try await store.token(hash: APIToken.hash(token))?.scopes == [.admin])
        #expect(output.stderr.contains("TRUSTMONITOR_ADMIN_TOKEN") && !output.stderr.contains(token))
        try await store.close()

        for bad in ["", "tm_short", "tma_" + String(repeating: "A", count: 43), "tm_" + String(repeating: "+", count: 43)] {
            guard case .failure(let problem) = AdminBootstrap.secret(in: ["TRUSTMONITOR_ADMIN_TOKEN": bad]) else {
                Issue.record("'\(bad)' was taken as a token")
                continue
            }
            #expect("\(problem)".contains("must be an API token"))
        }
        guard case .success(.generate) = AdminBootstrap.secret(in: [:]) else {
            Issue.record("unset is not .generate")
            return
        }
    }

    @Test(arguments: [
        (ServerSettings(listenHost: "0.0.0.0", listenPort: 9090), "http://localhost:9090/login"),
        (ServerSettings(listenHost: "::1", listenPort: 8080), "http://[::1]:8080/login"),
    ])
    func theSignInAddressIsOneABrowserCanOpen(settings: ServerSettings, expected: String) {
        #expect(AdminBootstrap.signInURL(settings) == expected)
    }
}
