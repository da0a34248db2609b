import Foundation
import Testing
@testable import TrustMonitorAlerts
import TrustMonitorConfig
import TrustMonitorCore

/// The renderers as pure functions: what each kind of alert becomes in each service's terms.
@Suite struct RenderingTests {
    static let now = Date(timeIntervalSince1970: 1_750_000_000)

    func render(_ message: AlertMessage, _ type: AlertChannelConfig.ChannelType,
                        _ settings: [String: String]) throws -> AlertRequest {
        let channel = AlertFixtures.channel("c", type, ["url": "https://receiver.example.test/in"].merging(settings) { _, given in given })
        return try AlertRendering.request(for: message, channel: channel, idempotencyKey: "k", now: Self.now)
    }

    @Test(arguments: [
        (AlertMessage.Kind.opened, "trigger", "critical"), (.reminder, "trigger", "critical"),
        (.escalation, "trigger", "critical"), (.certificateExpiring, "trigger", "warning"), (.test, "trigger", "info"),
    ])
    func pagerDutySeverity(kind: AlertMessage.Kind, action: String, severity: String) throws {
        let body = try AlertFixtures.json(try render(AlertFixtures.message(kind), .pagerduty, ["routing_key": "r"]).body)
        #expect(body["event_action"] as? String == action)
        #expect((body["payload"] as? [String: Any])?["severity"] as? String == severity)
    }

    @Test func pagerDutyKeysAnAlertWithoutIncidentByItsEvent() throws {
        let message = AlertFixtures.message(.certificateExpiring, incident: false)
        let body = try AlertFixtures.json(try render(message, .pagerduty, ["routing_key": "r"]).body)
        #expect(body["dedup_key"] as? String == message.eventID)
        #expect(body["links"] == nil)
        let payload = try #require(body["payload"] as? [String: Any])
        #expect((payload["custom_details"] as? [String: Any])?["certificate_expires_at"] as? String == "2025-10-09T08:53:20.000Z")
    }

    @Test func pagerDutySummaryIsCutTo1024() throws {
        var message = AlertFixtures.message(.opened)
        message.failure = Failure(.http5xx, String(repeating: "x", count: 3000))
        let payload = try AlertFixtures.json(try render(message, .pagerduty, ["routing_key": "r"]).body)["payload"] as? [String: Any]
        #expect((payload?["summary"] as? String)?.count == 1024)
    }

    @Test(arguments: [
        (AlertMessage.Kind.opened, "P1"), (.escalation, "P1"), (.reminder, "P3"), (.certificateExpiring, "P3"), (.test, "P3"),
    ])
    func opsgeniePriority(kind: AlertMessage.Kind, priority: String) throws {
        let body = try AlertFixtures.json(try render(AlertFixtures.message(kind), .opsgenie, ["api_key": "k"]).body)
        #expect(body["priority"] as? String == priority)
        #expect((body["message"] as? String)?.count ?? 0 <= 130)
    }

    @Test func opsgenieEncodesTheAliasInTheClosePath() throws {
        var message = AlertFixtures.message(.resolved)
        message.incidentID = "inc 42/é"
        let request = try render(message, .opsgenie, ["api_key": "k", "url": "https://api.eu.opsgenie.com/v2/alerts/"])
        #expect(request.url == "https://api.eu.opsgenie.com/v2/alerts/inc%2042%2F%C3%A9/close?identifierType=alias")
    }

    @Test(arguments: [
        (AlertMessage.Kind.opened, "5", "rotating_light"), (.escalation, "5", "rotating_light,sos"),
        (.reminder, "3", "rotating_light,repeat"), (.resolved, "3", "white_check_mark"),
        (.certificateExpiring, "3", "warning,lock"), (.test, "3", "test_tube"),
    ])
    func ntfyPriorityAndTags(kind: AlertMessage.Kind, priority: String, tags: String) throws {
        let request = try render(AlertFixtures.message(kind), .ntfy, [:])
        #expect(request.header("Priority") == priority)
        #expect(request.header("Tags") == tags)
        #expect(request.header("Authorization") == nil)
    }

    @Test func headerValuesCannotBeInjected() throws {
        var message = AlertFixtures.message(.opened)
        message.monitorName = "api\r\nX-Evil: 1"
        let request = try render(message, .ntfy, [:])
        let title = try #require(request.header("Title"))
        #expect(!title.contains("\r") && !title.contains("\n"))
        #expect(request.header("X-Evil") == nil)
    }

    @Test func aTitleThatIsNotASCIIIsAnEncodedWord() throws {
        var message = AlertFixtures.message(.opened)
        message.monitorName = "Zürich API ✓"
        let title = try #require(try render(message, .ntfy, [:]).header("Title"))
        #expect(title.hasPrefix("=?utf-8?B?") && title.hasSuffix("?="))
        #expect(MIMEText.isASCII(title))
        let decoded = title.split(separator: " ").map { word in
            String(decoding: Data(base64Encoded: String(word.dropFirst(10).dropLast(2))) ?? Data(), as: UTF8.self)
        }.joined()
        #expect(decoded == message.summary)
    }

    @Test(arguments: [
        (AlertMessage.Kind.opened, 0xE74C3C), (.reminder, 0xE74C3C), (.escalation, 0xE74C3C), (.resolved, 0x2ECC71),
        (.certificateExpiring, 0xE67E22), (.test, 0xE67E22),
    ])
    func discordColour(kind: AlertMessage.Kind, color: Int) throws {
        let body = try AlertFixtures.json(try render(AlertFixtures.message(kind), .discord, [:]).body)
        #expect((body["embeds"] as? [[String: Any]])?.first?["color"] as? Int == color)
    }

    @Test func slackEscapesControlCharacters() throws {
        var message = AlertFixtures.message(.opened)
        message.monitorName = "<!channel> & co"
        let body = try AlertFixtures.json(try render(message, .slack, [:]).body)
        let text = try #require(body["text"] as? String)
        #expect(text.contains("&lt;!channel&gt; &amp; co"))
        #expect(!text.contains("<!channel>"))
    }

    @Test func teamsHasNoActionWithoutABundle() throws {
        let body = try AlertFixtures.json(try render(AlertFixtures.message(.test, incident: false), .teams, [:]).body)
        let card = (body["attachments"] as? [[String: Any]])?.first?["content"] as? [String: Any]
        #expect((card?["actions"] as? [Any])?.isEmpty == true)
    }

    @Test func emailIsNotAnHTTPRequest() {
        let channel = AlertFixtures.channel("mail", .email, ["host": "smtp.example.test", "from": "a@b.test", "to": "c@d.test"])
        #expect(throws: AlertRenderingError.self) {
            try AlertRendering.request(for: AlertFixtures.message(.test), channel: channel, idempotencyKey: "k", now: Self.now)
        }
    }
}

/// A degradation's two alerts: folded by the period's id where services fold, so its end closes what its start
/// opened; a warning, never a page at top priority; the explanation in every channel.
@Suite struct DegradationRenderingTests {
    static func message(_ kind: AlertMessage.Kind) -> AlertMessage {
        AlertMessage(kind: kind, eventID: "deg_0000000000aa:\(kind == .degraded ? "degraded" : "ended")",
                     monitorID: "mon_1", monitorName: "api", endpoint: "https://api.example.com/health",
                     at: AlertFixtures.openedAt, degradationID: "deg_0000000000aa",
                     explanation: "TLS handshake 4.1x its usual 40 ms for 6 minutes")
    }

    @Test func pagerDutyTriggersAWarningAndResolvesItByThePeriod() throws {
        let started = try AlertFixtures.json(try RenderingTests().render(Self.message(.degraded), .pagerduty,
                                                                          ["routing_key": "r"]).body)
        #expect(started["event_action"] as? String == "trigger" && started["dedup_key"] as? String == "deg_0000000000aa")
        #expect((started["payload"] as? [String: Any])?["severity"] as? String == "warning")
        #expect(((started["payload"] as? [String: Any])?["summary"] as? String)?.contains("4.1x its usual 40 ms") == true)
        let ended = try AlertFixtures.json(try RenderingTests().render(Self.message(.degradationEnded), .pagerduty,
                                                                        ["routing_key": "r"]).body)
        #expect(ended["event_action"] as? String == "resolve" && ended["dedup_key"] as? String == "deg_0000000000aa")
    }

    @Test func opsgenieClosesThePeriodsAlias() throws {
        let request = try RenderingTests().render(Self.message(.degradationEnded), .opsgenie, ["api_key": "k"])
        #expect(request.url.hasSuffix("/deg_0000000000aa/close?identifierType=alias"))
        let opened = try AlertFixtures.json(try RenderingTests().render(Self.message(.degraded), .opsgenie,
                                                                         ["api_key": "k"]).body)
        #expect(opened["priority"] as? String == "P3" && opened["alias"] as? String == "deg_0000000000aa")
    }

    @Test func theWebhookCarriesThePeriod() throws {
        let body = try AlertFixtures.json(try RenderingTests().render(Self.message(.degraded), .webhook,
                                                                       [:]).body)
        #expect(body["event"] as? String == "degraded")
        let degradation = try #require(body["degradation"] as? [String: Any])
        #expect(degradation["id"] as? String == "deg_0000000000aa")
        #expect(degradation["explanation"] as? String == "TLS handshake 4.1x its usual 40 ms for 6 minutes")
        #expect(body["incident"] is NSNull)
    }
}
