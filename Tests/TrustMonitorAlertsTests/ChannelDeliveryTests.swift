import Foundation
import Testing
@testable import TrustMonitorAlerts
import TrustMonitorConfig
import TrustMonitorCore
@testable import TrustMonitorTestSupport

/// Each HTTP channel type delivered to a real local receiver, the payload checked against the service's
/// documented format.
@Suite struct ChannelDeliveryTests {
    @Test func slackSendsTextAndMrkdwnSections() async throws {
        let server = try await TestServer.start(always: .ok("ok"))
        let channel = AlertFixtures.channel("chat", .slack, ["url": server.url("/services/T000/B000/XXXX")])
        let message = AlertFixtures.message(.opened)
        let outcome = await AlertSender(channels: [channel]).send(message, channel: "chat", idempotencyKey: "k")
        try await server.shutdown()
        #expect(outcome == .delivered(status: 200, answer: "ok"))
        let request = try #require(server.receivedRequests.first)
        #expect(request.method == "POST" && request.uri == "/services/T000/B000/XXXX")
        #expect(request.header("Content-Type") == "application/json")
        let body = try AlertFixtures.json(request.body)
        #expect(body["text"] as? String == message.summary)
        let blocks = try #require(body["blocks"] as? [[String: Any]])
        #expect(blocks.allSatisfy { $0["type"] as? String == "section" })
        let title = try #require(blocks.first?["text"] as? [String: Any])
        #expect(title["type"] as? String == "mrkdwn" && title["text"] as? String == "*\(message.summary)*")
        let fields = try #require(blocks[1]["fields"] as? [[String: Any]])
        #expect(fields.contains { $0["text"] as? String == "*Incident*\ninc_42" })
        #expect(request.bodyText.contains("<\(AlertFixtures.bundleURL)|Evidence bundle>"))
    }

    @Test func discordSendsOneEmbedAndTakes204() async throws {
        let server = try await TestServer.start(always: .respond(status: 204))
        let channel = AlertFixtures.channel("discord", .discord, ["url": server.url("/api/webhooks/1/token")])
        let outcome = await AlertSender(channels: [channel]).send(AlertFixtures.message(.resolved), channel: "discord",
                                                                 idempotencyKey: "k")
        try await server.shutdown()
        #expect(outcome == .delivered(status: 204, answer: ""))
        let body = try AlertFixtures.json(try #require(server.receivedRequests.first).body)
        #expect(body["username"] as? String == "TrustMonitor")
        let embed = try #require((body["embeds"] as? [[String: Any]])?.first)
        #expect(embed["title"] as? String == AlertFixtures.message(.resolved).summary)
        #expect(embed["color"] as? Int == 0x2ECC71)
        #expect(embed["timestamp"] as? String == RFC3339.format(AlertFixtures.resolvedAt))
        #expect(embed["url"] as? String == AlertFixtures.bundleURL)
        #expect(embed["description"] is String)
        let fields = try #require(embed["fields"] as? [[String: Any]])
        #expect(fields.contains { $0["name"] as? String == "Resolved" && $0["value"] as? String == RFC3339.format(AlertFixtures.resolvedAt) })
        #expect((body["allowed_mentions"] as? [String: Any])?["parse"] as? [String] == [])
    }

    @Test func teamsSendsAnAdaptiveCardWithTheBundleAction() async throws {
        let server = try await TestServer.start(always: .respond(status: 202))
        let channel = AlertFixtures.channel("teams", .teams, ["url": server.url("/workflows/abc/triggers/manual/paths/invoke?sig=s3cr3t")])
        let outcome = await AlertSender(channels: [channel]).send(AlertFixtures.message(.opened), channel: "teams",
                                                                 idempotencyKey: "k")
        try await server.shutdown()
        #expect(outcome == .delivered(status: 202, answer: ""))
        let request = try #require(server.receivedRequests.first)
        #expect(request.uri == "/workflows/abc/triggers/manual/paths/invoke?sig=s3cr3t")
        let body = try AlertFixtures.json(request.body)
        #expect(body["type"] as? String == "message")
        let attachment = try #require((body["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
        let card = try #require(attachment["content"] as? [String: Any])
        #expect(card["$schema"] as? String == "http://adaptivecards.io/schemas/adaptive-card.json")
        #expect(card["type"] as? String == "AdaptiveCard" && card["version"] as? String == "1.4")
        let blocks = try #require(card["body"] as? [[String: Any]])
        #expect(blocks.first?["type"] as? String == "TextBlock" && blocks.first?["color"] as? String == "Attention")
        let facts = try #require(blocks.first { $0["type"] as? String == "FactSet" }?["facts"] as? [[String: String]])
        #expect(facts.contains(["title": "Monitor", "value": "api"]))
        let action = try #require((card["actions"] as? [[String: Any]])?.first)
        #expect(action["type"] as? String == "Action.OpenUrl" && action["url"] as? String == AlertFixtures.bundleURL)
    }

    @Test func pagerDutyTriggersThenResolvesTheSameDedupKey() async throws {
        let server = try await TestServer.start(always: .respond(status: 202, body: #"{"status":"success","message":"Event processed","dedup_key":"inc_42"}"#))
        let channel = AlertFixtures.channel("pd", .pagerduty, ["url": server.url("/v2/enqueue"), "routing_key": "R0UT1NGKEY"])
        let sender = AlertSender(channels: [channel])
        let opened = await sender.send(AlertFixtures.message(.opened), channel: "pd", idempotencyKey: "inc_42:opened/pd")
        let resolved = await sender.send(AlertFixtures.message(.resolved), channel: "pd", idempotencyKey: "inc_42:resolved/pd")
        try await server.shutdown()
        guard case .delivered(202, let answer) = opened, case .delivered(202, _) = resolved else {
            Issue.record("not delivered: \(opened), \(resolved)")
            return
        }
        #expect(answer.contains(#""status":"success""#))
        let requests = server.receivedRequests
        #expect(requests.map(\.uri) == ["/v2/enqueue", "/v2/enqueue"])
        let trigger = try AlertFixtures.json(requests[0].body), resolve = try AlertFixtures.json(requests[1].body)
        #expect(trigger["routing_key"] as? String == "R0UT1NGKEY")
        #expect(trigger["event_action"] as? String == "trigger" && resolve["event_action"] as? String == "resolve")
        #expect(trigger["dedup_key"] as? String == "inc_42" && resolve["dedup_key"] as? String == "inc_42")
        #expect(Set(resolve.keys) == ["routing_key", "event_action", "dedup_key"])
        let payload = try #require(trigger["payload"] as? [String: Any])
        #expect(payload["summary"] as? String == AlertFixtures.message(.opened).summary)
        #expect(payload["source"] as? String == "api.example.test")
        #expect(payload["severity"] as? String == "critical")
        #expect(payload["timestamp"] as? String == RFC3339.format(AlertFixtures.openedAt))
        #expect(payload["component"] as? String == "api")
        let details = try #require(payload["custom_details"] as? [String: Any])
        #expect(details["confirmations"] as? [String] == AlertFixtures.confirmations)
        let links = try #require(trigger["links"] as? [[String: String]])
        #expect(links == [["href": AlertFixtures.bundleURL, "text": "Evidence bundle"]])
    }

    @Test func opsgenieCreatesThenClosesByAlias() async throws {
        let server = try await TestServer.start(always: .respond(status: 202, body: #"{"result":"Request will be processed","took":0.1,"requestId":"r"}"#))
        let channel = AlertFixtures.channel("og", .opsgenie, ["url": server.url("/v2/alerts"), "api_key": "0PSG3N1E-KEY"])
        let sender = AlertSender(channels: [channel])
        let opened = await sender.send(AlertFixtures.message(.opened), channel: "og", idempotencyKey: "k1")
        let resolved = await sender.send(AlertFixtures.message(.resolved), channel: "og", idempotencyKey: "k2")
        try await server.shutdown()
        #expect(opened == .delivered(status: 202, answer: #"{"result":"Request will be processed","took":0.1,"requestId":"r"}"#))
        #expect(resolved.isDelivered)
        let requests = server.receivedRequests
        #expect(requests.map(\.uri) == ["/v2/alerts", "/v2/alerts/inc_42/close?identifierType=alias"])
        #expect(requests.allSatisfy { $0.header("Authorization") == "GenieKey 0PSG3N1E-KEY" })
        let create = try AlertFixtures.json(requests[0].body), close = try AlertFixtures.json(requests[1].body)
        #expect(create["message"] as? String == AlertFixtures.message(.opened).summary)
        #expect(create["alias"] as? String == "inc_42")
        #expect(create["priority"] as? String == "P1")
        #expect(create["source"] as? String == "trustmonitor" && create["entity"] as? String == "api")
        #expect((create["description"] as? String)?.contains("Confirmed by:") == true)
        #expect((create["details"] as? [String: String])?["incident"] == "inc_42")
        #expect(close["source"] as? String == "trustmonitor")
        #expect(close["note"] as? String == AlertFixtures.message(.resolved).summary)
    }

    @Test func ntfyPostsPlainTextWithHeaders() async throws {
        let server = try await TestServer.start(always: .ok(#"{"id":"abc","event":"message"}"#))
        let channel = AlertFixtures.channel("phone", .ntfy, ["url": server.url("/ops-alerts"), "token": "tk_secret_token"])
        let message = AlertFixtures.message(.opened)
        let outcome = await AlertSender(channels: [channel]).send(message, channel: "phone", idempotencyKey: "k")
        try await server.shutdown()
        #expect(outcome.isDelivered)
        let request = try #require(server.receivedRequests.first)
        #expect(request.uri == "/ops-alerts")
        #expect(request.header("Title") == message.summary)
        #expect(request.header("Priority") == "5")
        #expect(request.header("Tags") == "rotating_light")
        #expect(request.header("Click") == AlertFixtures.bundleURL)
        #expect(request.header("Authorization") == "Bearer tk_secret_token")
        #expect(request.bodyText == message.detailText)
        #expect(request.bodyText.contains("Failure: http_5xx (application): HTTP 503"))
    }

    @Test func telegramSendsMessageToTheBotPath() async throws {
        let server = try await TestServer.start(always: .ok(#"{"ok":true,"result":{"message_id":7}}"#))
        let channel = AlertFixtures.channel("tg", .telegram, ["url": server.url(), "bot_token": "123456:ABC-DEF", "chat_id": "-1001234"])
        let message = AlertFixtures.message(.reminder)
        let outcome = await AlertSender(channels: [channel]).send(message, channel: "tg", idempotencyKey: "k")
        try await server.shutdown()
        #expect(outcome.isDelivered)
        let request = try #require(server.receivedRequests.first)
        #expect(request.uri == "/bot123456:ABC-DEF/sendMessage")
        let body = try AlertFixtures.json(request.body)
        #expect(body["chat_id"] as? String == "-1001234")
        #expect(body["text"] as? String == message.plainText)
        #expect(body["disable_web_page_preview"] as? Bool == true)
    }
}

extension DeliveryOutcome {
    var isDelivered: Bool {
        if case .delivered = self { return true }
        return false
    }
}
