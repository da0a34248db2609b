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

        // Only the active replica checks: at 500 ms, about two checks a second, not four.
        let before = server.requestCount
        try await Task.sleep(for: .seconds(3))
        let rate = Double(server.requestCount - before) / 3
        #expect(rate <= 3, "one replica checking, not both (\(rate) checks/s)")

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
