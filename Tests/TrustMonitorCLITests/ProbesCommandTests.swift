import Foundation
import Testing
import TrustMonitorAgentProtocol
import TrustMonitorStore

/// `trustmonitor probes add` and `list` on the store a config names.
@Suite struct ProbesCommandTests {
    static func config() throws -> (path: String, database: String) {
        let directory = NSTemporaryDirectory() + "tm-probes-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/trustmonitor.yaml"
        try """
            server: {data_dir: \(directory)}
            monitors:
              - {name: site, url: "http://127.0.0.1:1/"}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, directory + "/trustmonitor.db")
    }

    @Test func addPrintsTheTokenOnceAndKeepsOnlyItsHash() async throws {
        let (path, database) = try Self.config()
        let added = await run(["probes", "add", "eu-1", "--region", "eu", "--config", path])
        #expect(added.status == 0, "\(added.output.stderr)")
        let tokenLine = try #require(added.output.stdout.split(separator: "\n").first { $0.hasPrefix("token") })
        let token = String(try #require(tokenLine.split(separator: " ").last))
        #expect(token.hasPrefix("tma_") && token.count == 47)

        let store = try await SQLiteStore.open(path: database)
        let probe = try await store.probe(tokenHash: AgentToken.hash(token))
        try await store.close()
        #expect(probe?.name == "eu-1" && probe?.region == "eu")
        let file = try String(contentsOfFile: database, encoding: .isoLatin1)
        #expect(!file.contains(token), "the token itself is never stored")

        let again = await run(["probes", "add", "eu-1", "--region", "eu", "--config", path])
        #expect(again.status == 2 && again.output.stderr.contains("exists already"))
        let listed = await run(["probes", "list", "--config", path])
        #expect(listed.status == 0 && listed.output.stdout.contains("eu-1\teu\tnot registered\tlast heartbeat never"))
    }

    @Test(arguments: [
        ["probes", "add", "eu 1", "--region", "eu"],
        ["probes", "add", "eu-1", "--region", "eu/west"],
        ["probes", "add", "eu-1", "--region", "eu", "--config", "/nonexistent/trustmonitor.yaml"],
        ["probes", "add", "eu-1"],
    ])
    func badInputIsExitTwo(arguments: [String]) async throws {
        let (path, _) = try Self.config()
        let result = await run(arguments.contains("--config") ? arguments : arguments + ["--config", path])
        #expect(result.status == 2, "\(result.output.stderr)")
        #expect(!result.output.stderr.isEmpty)
    }
}
