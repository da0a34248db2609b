import Foundation
import Testing
@testable import TrustMonitorAlerts
import TrustMonitorConfig
import TrustMonitorCore
@testable import TrustMonitorTestSupport

/// How receivers' answers (and their absence) become delivered, retry or failed, on real sockets.
@Suite struct ClassificationTests {
    private func send(to behaviour: TestServer.Behaviour, type: AlertChannelConfig.ChannelType = .webhook,
                      settings: [String: String] = [:]) async throws -> DeliveryOutcome {
        let server = try await TestServer.start(always: behaviour)
        let channel = AlertFixtures.channel("c", type, settings.merging(["url": server.url("/in")]) { given, _ in given })
        let outcome = await AlertSender(channels: [channel]).send(AlertFixtures.message(.opened), channel: "c", idempotencyKey: "k")
        try await server.shutdown()
        return outcome
    }

    @Test func aServerErrorIsRetried() async throws {
        let outcome = try await send(to: .respond(status: 500, body: "boom"))
        guard case .retry(nil, let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason.contains("HTTP 500") && reason.contains("boom"))
    }

    @Test func tooManyRequestsIsRetriedWhenTheReceiverSays() async throws {
        let outcome = try await send(to: .respond(status: 429, headers: [("Retry-After", "7")], body: "slow down"))
        guard case .retry(let after, let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(after == .seconds(7))
        #expect(reason.contains("HTTP 429"))
    }

    @Test(arguments: [408, 425, 502, 503, 504])
    func transientStatusesAreRetried(status: Int) async throws {
        let outcome = try await send(to: .respond(status: status))
        guard case .retry = outcome else { Issue.record("\(status): \(outcome)"); return }
    }

    @Test func aBadRequestFails() async throws {
        let outcome = try await send(to: .respond(status: 400, body: #"{"error":"invalid payload"}"#))
        #expect(outcome == .failed(reason: try #require(outcome.reason)))
        #expect(outcome.reason?.contains("HTTP 400") == true)
        #expect(outcome.reason?.contains("invalid payload") == true)
    }

    @Test(arguments: [401, 403, 404, 410, 413, 422])
    func otherClientErrorsFail(status: Int) async throws {
        guard case .failed = try await send(to: .respond(status: status)) else {
            Issue.record("\(status) was not failed")
            return
        }
    }

    @Test func aRedirectIsNotFollowed() async throws {
        let target = try await TestServer.start(always: .ok())
        let outcome = try await send(to: .redirect(to: target.url("/elsewhere"), status: 307))
        try await target.shutdown()
        #expect(target.requestCount == 0)
        guard case .failed(let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason.contains("HTTP 307"))
    }

    @Test func aClosedPortIsRetried() async throws {
        let port = try await TestServer.closedPort()
        let channel = AlertFixtures.channel("c", .slack, ["url": "http://127.0.0.1:\(port)/hook"])
        let outcome = await AlertSender(channels: [channel]).send(AlertFixtures.message(.opened), channel: "c", idempotencyKey: "k")
        guard case .retry(nil, let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason.hasPrefix("http://127.0.0.1:\(port): "))
    }

    @Test func aReceiverThatNeverAnswersIsRetriedAfterTheTimeout() async throws {
        let server = try await TestServer.start(always: .hang)
        let channel = AlertFixtures.channel("c", .webhook, ["url": server.url("/in")])
        let started = ContinuousClock.now
        let outcome = await AlertSender(channels: [channel], timeout: .seconds(1))
            .send(AlertFixtures.message(.opened), channel: "c", idempotencyKey: "k")
        let elapsed = ContinuousClock.now - started
        try await server.shutdown()
        guard case .retry(nil, let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason.hasSuffix("no answer within the timeout"))
        // It gave the receiver its whole timeout before giving up (a lower bound only: how long past it is the
        // machine's business, never asserted).
        #expect(elapsed >= .milliseconds(900))
    }

    @Test func telegramFloodControlIsRetriedAfterItsRetryAfter() async throws {
        let answer = #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 31","parameters":{"retry_after":31}}"#
        let outcome = try await send(to: .respond(status: 429, body: answer), type: .telegram,
                                     settings: ["bot_token": "42:SECRET", "chat_id": "1"])
        guard case .retry(let after, let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(after == .seconds(31))
        #expect(reason.contains("Too Many Requests"))
    }

    @Test func telegramRefusalFails() async throws {
        let answer = #"{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}"#
        let outcome = try await send(to: .respond(status: 400, body: answer), type: .telegram,
                                     settings: ["bot_token": "42:SECRET", "chat_id": "1"])
        #expect(outcome == .failed(reason: "Telegram error 400: Bad Request: chat not found"))
    }

    @Test func secretsNeverAppearInReasons() async throws {
        // A receiver that echoes what it was sent, token included, in its error.
        let server = try await TestServer.start { request in
            .respond(status: 401, body: "unauthorized: \(request.uri) \(request.header("Authorization") ?? "")")
        }
        let channels = [
            AlertFixtures.channel("tg", .telegram, ["url": server.url(), "bot_token": "42:SUPERSECRET", "chat_id": "1"]),
            AlertFixtures.channel("og", .opsgenie, ["url": server.url("/v2/alerts"), "api_key": "GENIE-SECRET"]),
            AlertFixtures.channel("slack", .slack, ["url": server.url("/services/T0/B0/HOOKSECRET")]),
        ]
        let sender = AlertSender(channels: channels)
        for channel in channels {
            let outcome = await sender.send(AlertFixtures.message(.opened), channel: channel.name, idempotencyKey: "k")
            let reason = try #require(outcome.reason)
            #expect(outcome == .failed(reason: reason))
            for secret in ["SUPERSECRET", "GENIE-SECRET", "HOOKSECRET"] {
                #expect(!reason.contains(secret), "\(channel.name): \(reason)")
            }
            #expect(reason.contains("[redacted]"), "\(channel.name): \(reason)")
        }
        try await server.shutdown()
    }

    @Test func anUnknownChannelFails() async {
        let outcome = await AlertSender(channels: []).send(AlertFixtures.message(.opened), channel: "nope", idempotencyKey: "k")
        #expect(outcome == .failed(reason: "unknown alert channel 'nope'"))
    }

    @Test func aChannelMissingASettingFailsWithoutSending() async {
        let channel = AlertFixtures.channel("pd", .pagerduty, ["url": "http://127.0.0.1:1/"])
        let outcome = await AlertSender(channels: [channel]).send(AlertFixtures.message(.opened), channel: "pd", idempotencyKey: "k")
        #expect(outcome == .failed(reason: "channel 'pd' (pagerduty) has no 'routing_key' setting"))
    }

    @Test(arguments: [
        (200, nil, DeliveryOutcome.delivered(status: 200, answer: "ok")),
        (503, "120", .retry(after: .seconds(120), reason: "HTTP 503 from R: ok")),
        (503, "Sun, 06 Nov 1994 08:49:37 GMT", .retry(after: .zero, reason: "HTTP 503 from R: ok")),
        (503, "soon", .retry(after: nil, reason: "HTTP 503 from R: ok")),
        (302, nil, .failed(reason: "HTTP 302 from R: ok")),
    ] as [(Int, String?, DeliveryOutcome)])
    func statusTable(status: Int, retryAfter: String?, expected: DeliveryOutcome) {
        let answer = HTTPAnswer(status: status, retryAfter: retryAfter, body: Array("ok".utf8))
        #expect(answer.outcome(for: .webhook, receiver: "R", now: Date()) == expected)
    }

    @Test func answersAreCutTo200Characters() {
        let answer = HTTPAnswer(status: 200, retryAfter: nil, body: Array(String(repeating: "x", count: 5000).utf8))
        guard case .delivered(_, let text) = answer.outcome(for: .slack, receiver: "R", now: Date()) else {
            Issue.record("not delivered")
            return
        }
        #expect(text.count == 200)
    }
}

extension DeliveryOutcome {
    var reason: String? {
        switch self {
        case .delivered: return nil
        case .retry(_, let reason), .failed(let reason): return reason
        }
    }
}
