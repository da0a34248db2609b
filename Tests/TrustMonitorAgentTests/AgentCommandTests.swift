import Foundation
import NIOConcurrencyHelpers
import Testing
import TrustMonitorAgentProtocol
import TrustMonitorLedger
@testable import TrustMonitorCLI

/// `trustmonitor agent` as a user runs it: bad input is exit 2 with a message before anything starts; a
/// server that refuses the agent is exit 1 with the server's reason.
@Suite struct AgentCommandTests {
    final class Output: CommandOutput {
        private let lines = NIOLockedValueBox<[String]>([])
        func out(_ text: String) { lines.withLockedValue { $0.append(text) } }
        func err(_ text: String) { lines.withLockedValue { $0.append(text) } }
        var text: String { lines.withLockedValue { $0.joined(separator: "\n") } }
    }

    static func run(_ arguments: [String]) async -> (status: Int32, output: String) {
        let output = Output()
        let status = await CommandLineEntry.run(["agent"] + arguments, output: output)
        return (status, output.text)
    }

    static func dataDir() -> String { NSTemporaryDirectory() + "tm-agent-cli-\(UUID().uuidString)" }

    @Test(arguments: [
        (["--server", "ftp://example.com", "--token", "t", "--region", "eu"], "--server"),
        (["--server", "example.com", "--token", "t", "--region", "eu"], "missing scheme"),
        (["--server", "http://example.com/?x=1", "--token", "t", "--region", "eu"], "query"),
        (["--server", "http://example.com", "--token", "", "--region", "eu"], "token"),
        (["--server", "http://example.com", "--token", "a b", "--region", "eu"], "token"),
        (["--server", "http://example.com", "--token", "t", "--region", ""], "--region"),
        (["--server", "http://example.com", "--token", "t", "--region", "eu", "--concurrency", "0"], "--concurrency"),
        (["--server", "http://example.com", "--token", "t", "--region", "eu", "--canary", "nope"], "--canary"),
        (["--token", "t", "--region", "eu"], "--server"),
        (["--server", "http://example.com,", "--token", "t", "--region", "eu"], "--server"),
        (["--server", "http://example.com", "--token", "t", "--region", "eu", "--log-key", "nope"], "--log-key"),
    ])
    func badInputIsExit2(arguments: [String], mentions: String) async {
        let (status, output) = await Self.run(arguments + ["--data-dir", Self.dataDir()])
        #expect(status == 2)
        #expect(output.contains(mentions), "\(output)")
    }

    @Test func unusableDataDirIsExit2() async throws {
        let directory = Self.dataDir()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let blocker = directory + "/file"
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data()))
        let (status, output) = await Self.run(["--server", "http://127.0.0.1:1", "--token", "t", "--region", "eu",
                                               "--data-dir", blocker + "/data"])
        #expect(status == 2)
        #expect(output.contains("data dir"), "\(output)")
    }

    /// A log key must be the log's (0x01) key, and means nothing without witnessing.
    @Test func aLogKeyThatCannotBeWitnessedIsExit2() async throws {
        let log = try NoteSigner.generate(name: "log.test/ledger", type: .ed25519).verifierKey.vkey
        let witness = try NoteSigner.generate(name: "w.test", type: .cosignatureV1).verifierKey.vkey
        let base = ["--server", "http://127.0.0.1:1", "--token", "t", "--region", "eu"]
        for arguments in [["--log-key", witness], ["--log-key", log, "--no-witness"]] {
            let (status, output) = await Self.run(base + arguments + ["--data-dir", Self.dataDir()])
            #expect(status == 2)
            #expect(output.contains("--log-key"), "\(output)")
        }
    }

    /// A witness state the agent cannot read would make it forget what it cosigned: it does not start.
    @Test func anUnreadableWitnessStateIsExit2() async throws {
        let directory = Self.dataDir()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try #"{"v":1,"logs":{"x":{"size":3}}}"#.write(toFile: directory + "/witness-state.json", atomically: true,
                                                         encoding: .utf8)
        let (status, output) = await Self.run(["--server", "http://127.0.0.1:1", "--token", "t", "--region", "eu",
                                               "--data-dir", directory])
        #expect(status == 2)
        #expect(output.contains("witness-state.json"), "\(output)")
    }

    @Test func tokenFromTheEnvironmentUnlessGiven() {
        let environment = ["TRUSTMONITOR_AGENT_TOKEN": "from-env"]
        #expect(AgentCommand.token(flag: nil, environment: environment) == "from-env")
        #expect(AgentCommand.token(flag: "from-flag", environment: environment) == "from-flag")
        #expect(AgentCommand.token(flag: nil, environment: [:]) == "")
    }

    @Test func refusedByTheServerIsExit1WithItsReason() async throws {
        let server = try await ServerHarness.start()
        let (status, output) = await Self.run(["--server", server.url, "--token", AgentToken.generate(),
                                               "--region", "eu", "--data-dir", Self.dataDir()])
        #expect(status == 1)
        #expect(output.contains("refused"), "\(output)")
        #expect(output.contains("401"), "\(output)")
        try await server.stop()
    }
}
