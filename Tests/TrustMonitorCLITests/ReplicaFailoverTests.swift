import Foundation
import NIOConcurrencyHelpers
import Testing
@testable import TrustMonitorTestSupport
import TrustMonitorCore
import TrustMonitorStore

#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Two `serve` replicas on one store: one active, one standing by; `kill -9` of the active one and the
/// standby takes over, with nothing checked twice and nothing lost.
@Suite(.serialized) struct ReplicaFailoverTests {
    static func role(port: Int) async -> String? {
        guard let url = URL(string: "http://127.0.0.1:\(port)/healthz"),
              let (data, _) = try? await URLSession.shared.data(from: url),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return json["role"] as? String
    }

    static func agentStatus(port: Int) async -> Int? {
        guard let url = URL(string: "http://127.0.0.1:\(port)/api/v1/agent/lease") else { return nil }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("Bearer tma_x", forHTTPHeaderField: "Authorization")
        request.httpBody = Data(#"{"max":1,"wait_ms":0}"#.utf8)
        guard let (_, response) = try? await URLSession.shared.data(for: request) else { return nil }
        return (response as? HTTPURLResponse)?.statusCode
    }

    @Test func theStandbyTakesOverWhenTheActiveReplicaDies() async throws {
        let crash = CrashRestartTests()
        #expect(FileManager.default.isExecutableFile(atPath: CrashRestartTests.binary), "build the binary first: swift build")
        let server = try await TestServer.start { _ in .ok() }
        let directory = NSTemporaryDirectory() + "tm-replica-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ports = (try await TestServer.closedPort(), try await TestServer.closedPort())
        var configs: [String] = []
        for (index, port) in [ports.0, ports.1].enumerated() {
            let path = directory + "/replica-\(index).yaml"
            try CrashRestartTests.config(url: server.url("/"), port: port, directory: directory)
                .write(toFile: path, atomically: true, encoding: .utf8)
            configs.append(path)
        }

        let first = try crash.launch(config: configs[0])
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        #expect(await crash.wait { await Self.role(port: ports.0) == "active" })
        let second = try crash.launch(config: configs[1])
        defer { if second.isRunning { kill(second.processIdentifier, SIGKILL) } }
        #expect(await crash.wait { await Self.role(port: ports.1) == "standby" })
        #expect(await Self.agentStatus(port: ports.1) == 503, "a standby sends agents to the active replica")
        #expect(await Self.agentStatus(port: ports.0) == 401, "the active replica serves agents (this token is unknown)")

        // Only the active replica checks: with it frozen (SIGSTOP keeps its lock held, so the standby stays one),
        // checking stops altogether; a standby that checked too would go on. Behaviour, not a rate: a loaded
        // machine's retries and re-checks make rates noisy.
        #expect(await crash.wait { server.requestCount >= 2 }, "the active replica checks")
        kill(first.processIdentifier, SIGSTOP)
        #expect(await eventually(within: .seconds(20)) {
            let before = server.requestCount  // checks in flight when it froze have landed once this holds still
            try await Task.sleep(for: .seconds(2))
            return server.requestCount == before
        }, "nobody checks while the active replica is frozen: the standby does not")
        kill(first.processIdentifier, SIGCONT)

        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(await crash.wait { await Self.role(port: ports.1) == "active" }, "the standby took over")
        let afterTakeover = server.requestCount
        #expect(await crash.wait { server.requestCount >= afterTakeover + 4 }, "checking goes on")

        second.terminate()
        second.waitUntilExit()
        #expect(second.terminationStatus == 0)
        try await server.shutdown()
    }
}
