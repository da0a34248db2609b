import Foundation
import Testing
@testable import TrustMonitorAlerts
import TrustMonitorConfig
import TrustMonitorCore
@testable import TrustMonitorTestSupport

/// `type: webhook`: our own document, its idempotency key and its HMAC signature, as a receiver checks them.
@Suite struct WebhookChannelTests {
    static let secret = "whsec_test_0123456789"

    @Test func deliversTheDocumentSignedAndKeyed() async throws {
        let server = try await TestServer.start(always: .ok("accepted"))
        let channel = AlertFixtures.channel("hook", .webhook, ["url": server.url("/hooks/trustmonitor"), "secret": Self.secret],
                                            headers: [HeaderField(name: "X-Team", value: "ops"),
                                                      HeaderField(name: "Idempotency-Key", value: "not-ours")])
        let message = AlertFixtures.message(.opened)
        let key = AlertFixtures.key(message, "hook")
        let outcome = await AlertSender(channels: [channel]).send(message, channel: "hook", idempotencyKey: key)
        try await server.shutdown()
        #expect(outcome == .delivered(status: 200, answer: "accepted"))

        let request = try #require(server.receivedRequests.first)
        #expect(request.method == "POST" && request.uri == "/hooks/trustmonitor")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.headers[canonicalForm: "Idempotency-Key"] == [key[...]])
        #expect(request.header("X-Team") == "ops")
        let signature = try #require(request.header(WebhookSignature.headerName))
        #expect(WebhookSignature.verify(header: signature, body: request.body, secret: Self.secret, now: Date()))

        let body = try AlertFixtures.json(request.body)
        #expect(body["event"] as? String == "opened")
        #expect(body["event_id"] as? String == "inc_42:opened")
        #expect(body["idempotency_key"] as? String == key)
        #expect(body["summary"] as? String == message.summary)
        #expect(body["at"] as? String == RFC3339.format(AlertFixtures.openedAt))
        #expect(body["monitor"] as? [String: String] == ["id": "mon_api", "name": "api", "endpoint": "https://api.example.test/health"])
        let incident = try #require(body["incident"] as? [String: Any])
        #expect(incident["id"] as? String == "inc_42")
        #expect(incident["opened_at"] as? String == RFC3339.format(AlertFixtures.openedAt))
        #expect(incident["resolved_at"] is NSNull)
        #expect(incident["failure"] as? [String: String] == ["code": "http_5xx", "layer": "application", "message": "HTTP 503"])
        #expect(body["confirmations"] as? [String] == AlertFixtures.confirmations)
        #expect(body["bundle_url"] as? String == AlertFixtures.bundleURL)
        #expect(body["certificate_expires_at"] is NSNull)
    }

    @Test func withoutASecretThereIsNoSignature() throws {
        let channel = AlertFixtures.channel("hook", .webhook, ["url": "https://hooks.example.test/x"])
        let request = try AlertRendering.request(for: AlertFixtures.message(.test), channel: channel, idempotencyKey: "k", now: Date())
        #expect(request.header(WebhookSignature.headerName) == nil)
        #expect(request.header("Idempotency-Key") == "k")
    }

    @Test func aTamperedBodyIsRejected() throws {
        let body = Array(#"{"event":"opened"}"#.utf8)
        let header = WebhookSignature.sign(body: body, secret: Self.secret, now: Date())
        #expect(WebhookSignature.verify(header: header, body: body, secret: Self.secret, now: Date()))
        #expect(!WebhookSignature.verify(header: header, body: Array(#"{"event":"resolved"}"#.utf8), secret: Self.secret, now: Date()))
        #expect(!WebhookSignature.verify(header: header, body: body, secret: "another secret", now: Date()))
    }

    @Test func anOldTimestampIsRejectedAsAReplay() {
        let body = Array("{}".utf8)
        let sentAt = Date().addingTimeInterval(-301)
        let header = WebhookSignature.sign(body: body, secret: Self.secret, now: sentAt)
        #expect(!WebhookSignature.verify(header: header, body: body, secret: Self.secret, now: Date()))
        #expect(WebhookSignature.verify(header: header, body: body, secret: Self.secret, now: Date(), tolerance: .seconds(600)))
        // From the future beyond the tolerance, too (a skewed or forged clock).
        let ahead = WebhookSignature.sign(body: body, secret: Self.secret, now: Date().addingTimeInterval(400))
        #expect(!WebhookSignature.verify(header: ahead, body: body, secret: Self.secret, now: Date()))
    }

    @Test(arguments: ["", "t=abc,v1=00", "v1=00", "t=1750000000", "t=1750000000,v1=zz", "garbage"])
    func malformedHeadersAreRejected(header: String) {
        #expect(!WebhookSignature.verify(header: header, body: [], secret: Self.secret,
                                         now: Date(timeIntervalSince1970: 1_750_000_000)))
    }

    @Test func theSignatureIsHMACOverTimestampDotBody() {
        // Computed independently: printf '1750000000.{}' | openssl dgst -sha256 -hmac 'whsec_test_0123456789'
        let header = WebhookSignature.sign(body: Array("{}".utf8), secret: Self.secret,
                                           now: Date(timeIntervalSince1970: 1_750_000_000.9))
        #expect(header == "t=1750000000,v1=\(Self.expectedMAC)")
    }

    static let expectedMAC = "eab9eafa5df5457cbf2ab9aee656c48d721b0020f670c86f765d6bd8e377395d"
}
