import Foundation
import NIOSSL
import Testing
@testable import TrustMonitorAlerts
import TrustMonitorConfig
import TrustMonitorCore
@testable import TrustMonitorTestSupport

/// The email channel against a real SMTP server (aiosmtpd): plain, STARTTLS with AUTH, and refusals.
@Suite(.serialized) struct EmailChannelTests {
    static let user = "alerts", password = "s3cret-pass"

    private func channel(port: Int, host: String = "127.0.0.1", startTLS: Bool, auth: Bool = false,
                         to: String = "ops@example.test, Oncall <oncall@example.test>") -> AlertChannelConfig {
        var settings = ["host": host, "port": String(port), "starttls": String(startTLS),
                        "from": "TrustMonitor <alerts@example.test>", "to": to]
        if auth { settings["username"] = Self.user; settings["password"] = Self.password }
        return AlertFixtures.channel("mail", .email, settings)
    }

    private func send(_ message: AlertMessage, _ channel: AlertChannelConfig,
                      trusting ca: TestCertificateAuthority? = nil) async throws -> DeliveryOutcome {
        let roots = try ca.map { [try NIOSSLCertificate(bytes: Array($0.certificatePEM.utf8), format: .pem)] } ?? []
        let sender = AlertSender(channels: [channel], timeout: .seconds(10), additionalTrustRoots: roots)
        return await sender.send(message, channel: channel.name, idempotencyKey: AlertFixtures.key(message, channel.name))
    }

    @Test func deliversOverPlainSMTP() async throws {
        let server = try await SMTPTestServer.start()
        var message = AlertFixtures.message(.opened)
        message.failure = Failure(.http5xx, "HTTP 503\n.hidden line")
        let outcome = try await send(message, channel(port: server.port, startTLS: false))
        let received = try server.received()
        await server.stop()

        guard case .delivered(250, let answer) = outcome else { Issue.record("\(outcome)"); return }
        #expect(answer.contains("accepted"))
        let mail = try #require(received.first)
        #expect(received.count == 1)
        #expect(mail.mailFrom == "alerts@example.test")
        #expect(mail.rcptTos == ["ops@example.test", "oncall@example.test"])
        #expect(!mail.tls && mail.authUser == nil)
        let parsed = EmailMessage(sender: "", recipients: [], text: mail.data)
        // One header line: the failure message's line break is a space there.
        #expect(parsed.header("Subject") == message.summary.replacingOccurrences(of: "\n", with: " "))
        #expect(parsed.header("From") == "TrustMonitor <alerts@example.test>")
        #expect(parsed.header("To") == "ops@example.test, oncall@example.test")
        #expect(parsed.header("Message-ID") == "<inc_42-opened-mail@trustmonitor>")
        #expect(parsed.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(parsed.header("Date")?.hasSuffix(" +0000") == true)
        // The line starting with a dot arrives as written: stuffed by us, unstuffed by the server.
        #expect(parsed.body.contains("\r\n.hidden line\r\n"))
        #expect(parsed.body.contains("Evidence bundle: \(AlertFixtures.bundleURL)"))
    }

    @Test func deliversOverSTARTTLSWithAuth() async throws {
        let ca = try TestCertificateAuthority()
        let server = try await SMTPTestServer.start(tls: try ca.issue(), user: Self.user, password: Self.password)
        let outcome = try await send(AlertFixtures.message(.resolved),
                                     channel(port: server.port, host: "localhost", startTLS: true, auth: true), trusting: ca)
        let received = try server.received()
        await server.stop()
        guard case .delivered(250, _) = outcome else { Issue.record("\(outcome)"); return }
        let mail = try #require(received.first)
        #expect(mail.tls)
        #expect(mail.authUser == Self.user)
        #expect(EmailMessage(sender: "", recipients: [], text: mail.data).header("Subject") == AlertFixtures.message(.resolved).summary)
    }

    @Test func aWrongPasswordFails() async throws {
        let ca = try TestCertificateAuthority()
        let server = try await SMTPTestServer.start(tls: try ca.issue(), user: Self.user, password: "another")
        let outcome = try await send(AlertFixtures.message(.opened),
                                     channel(port: server.port, host: "localhost", startTLS: true, auth: true), trusting: ca)
        await server.stop()
        guard case .failed(let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason.contains("AUTH PLAIN") && reason.contains("535"))
        #expect(!reason.contains(Self.password))
    }

    @Test func aCertificateNobodyVouchesForStopsBeforeCredentials() async throws {
        let server = try await SMTPTestServer.start(tls: try TestCertificateAuthority().issue(), user: Self.user,
                                                    password: Self.password)
        let outcome = try await send(AlertFixtures.message(.opened),
                                     channel(port: server.port, host: "localhost", startTLS: true, auth: true))
        let received = try server.received()
        await server.stop()
        guard case .retry(nil, let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason.contains("EHLO after STARTTLS"))
        #expect(received.isEmpty)
    }

    @Test func aPermanentRefusalFails() async throws {
        let server = try await SMTPTestServer.start()
        let outcome = try await send(AlertFixtures.message(.opened),
                                     channel(port: server.port, startTLS: false, to: "ops@example.test, refused@example.test"))
        let received = try server.received()
        await server.stop()
        guard case .failed(let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason.contains("RCPT TO <refused@example.test>") && reason.contains("550"))
        #expect(received.isEmpty)
    }

    @Test func aTransientRefusalIsRetried() async throws {
        let server = try await SMTPTestServer.start()
        let outcome = try await send(AlertFixtures.message(.opened), channel(port: server.port, startTLS: false, to: "busy@example.test"))
        await server.stop()
        guard case .retry(nil, let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason.contains("451"))
    }

    @Test func startTLSIsNeverSkipped() async throws {
        let server = try await SMTPTestServer.start()
        let outcome = try await send(AlertFixtures.message(.opened), channel(port: server.port, startTLS: true))
        let received = try server.received()
        await server.stop()
        #expect(outcome == .failed(reason: "SMTP 127.0.0.1:\(server.port): the server does not offer STARTTLS (starttls: true)"))
        #expect(received.isEmpty)
    }

    @Test func credentialsNeverCrossAPlainConnectionToAnotherHost() async throws {
        let outcome = try await send(AlertFixtures.message(.opened),
                                     channel(port: 25, host: "smtp.example.test", startTLS: false, auth: true))
        #expect(outcome == .failed(reason: "SMTP smtp.example.test:25: refusing to send credentials without TLS (set starttls: true)"))
    }

    @Test func aClosedPortIsRetried() async throws {
        let port = try await TestServer.closedPort()
        let outcome = try await send(AlertFixtures.message(.opened), channel(port: port, startTLS: false))
        guard case .retry(nil, _) = outcome else { Issue.record("\(outcome)"); return }
    }

    @Test func aSilentServerIsRetriedAfterTheTimeout() async throws {
        let server = try await TestServer.startSilent()
        let sender = AlertSender(channels: [channel(port: server.port, startTLS: false)], timeout: .milliseconds(300),
                                 additionalTrustRoots: [])
        let outcome = await sender.send(AlertFixtures.message(.opened), channel: "mail", idempotencyKey: "k")
        try await server.shutdown()
        guard case .retry(nil, let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason.contains("greeting") && reason.contains("no reply within"))
    }
}
