import Foundation
import Testing
@testable import TrustMonitorTestSupport

/// `trustmonitor alert test NAME`: one test alert through a configured channel, the receiver's answer shown.
@Suite struct AlertCommandTests {
    private func writeConfig(_ yaml: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trustmonitor-alerts-\(UUID().uuidString).yaml").path
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aDeliveredTestIsExitZeroWithTheAnswer() async throws {
        let server = try await TestServer.start(always: .ok("thanks, got it"))
        let config = try writeConfig("""
            alerts:
              - {name: hook, type: webhook, url: "\(server.url("/hooks/tm"))", secret: s3cret}
              - {name: chat, type: slack, url: "https://hooks.slack.example.test/services/x"}
            """)
        defer { try? FileManager.default.removeItem(atPath: config) }
        let result = await run(["alert", "test", "hook", "--config", config])
        try await server.shutdown()
        #expect(result.status == 0, "\(result.output.stderr)")
        #expect(result.output.stdout == "delivered to hook (webhook): 200 thanks, got it")
        let request = try #require(server.receivedRequests.first)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect(body["event"] as? String == "test")
        #expect((body["event_id"] as? String)?.hasPrefix("test:") == true)
        #expect((body["monitor"] as? [String: Any])?["name"] as? String == "trustmonitor")
        #expect((body["monitor"] as? [String: Any])?["endpoint"] as? String == "hook")
        #expect(request.header("Idempotency-Key") == "\(body["event_id"] as? String ?? "")/hook")
        #expect(request.header("X-TrustMonitor-Signature")?.hasPrefix("t=") == true)
    }

    @Test func aRefusedTestIsExitOneWithWhy() async throws {
        let server = try await TestServer.start(always: .respond(status: 404, body: "no such hook"))
        let config = try writeConfig("alerts:\n  - {name: hook, type: webhook, url: \"\(server.url("/gone"))\"}\n")
        defer { try? FileManager.default.removeItem(atPath: config) }
        let result = await run(["alert", "test", "hook", "-c", config])
        try await server.shutdown()
        #expect(result.status == 1)
        #expect(result.output.stdout.hasPrefix("not delivered to hook (webhook), refused: HTTP 404"))
        #expect(result.output.stdout.contains("no such hook"))
    }

    @Test func anUnknownChannelIsExitTwoAndListsTheChannels() async throws {
        let config = try writeConfig("""
            alerts:
              - {name: hook, type: webhook, url: "http://127.0.0.1:9/"}
              - {name: chat, type: slack, url: "https://hooks.slack.example.test/services/x"}
            """)
        defer { try? FileManager.default.removeItem(atPath: config) }
        let result = await run(["alert", "test", "pager", "--config", config])
        #expect(result.status == 2)
        #expect(result.output.stderr == "trustmonitor: unknown alert channel 'pager' in \(config); its channels: hook, chat")
    }

    @Test func aBadConfigIsExitTwo() async throws {
        let config = try writeConfig("alerts:\n  - {name: hook, type: webhok, url: \"http://127.0.0.1:9/\"}\n")
        defer { try? FileManager.default.removeItem(atPath: config) }
        let result = await run(["alert", "test", "hook", "--config", config])
        #expect(result.status == 2)
        #expect(result.output.stderr.contains("unknown alert type 'webhok'"))
        #expect(result.output.stderr.contains("is invalid"))
    }
}
