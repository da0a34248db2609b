import Foundation
import Testing
@testable import TrustMonitorAlerts
import TrustMonitorConfig
import TrustMonitorCore

/// The email channel's RFC 5322 message, as a pure value.
@Suite struct EmailRenderingTests {
    static let now = Date(timeIntervalSince1970: 1_750_000_000)

    private func render(_ message: AlertMessage, to: String = "ops@example.test",
                        from: String = "TrustMonitor <alerts@example.test>") throws -> EmailMessage {
        let channel = AlertFixtures.channel("mail", .email, ["host": "smtp.example.test", "from": from, "to": to])
        return try AlertRendering.email(for: message, channel: channel, idempotencyKey: "inc_42:opened/mail", now: Self.now)
    }

    @Test func headersAndBody() throws {
        let message = AlertFixtures.message(.opened)
        let mail = try render(message, to: "ops@example.test, Oncall <oncall@example.test>")
        #expect(mail.sender == "alerts@example.test")
        #expect(mail.recipients == ["ops@example.test", "oncall@example.test"])
        #expect(mail.header("From") == "TrustMonitor <alerts@example.test>")
        #expect(mail.header("To") == "ops@example.test, oncall@example.test")
        #expect(mail.header("Subject") == message.summary)
        #expect(mail.header("Date") == "Sun, 15 Jun 2025 15:06:40 +0000")
        #expect(mail.header("Message-ID") == "<inc_42-opened-mail@trustmonitor>")
        #expect(mail.header("MIME-Version") == "1.0")
        #expect(mail.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(mail.header("Content-Transfer-Encoding") == "7bit")
        #expect(mail.body == message.plainText.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n")
        #expect(!mail.text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test func textThatIsNotASCIIIsQuotedPrintable() throws {
        var message = AlertFixtures.message(.opened)
        message.monitorName = "Zürich"
        let mail = try render(message)
        #expect(mail.header("Content-Transfer-Encoding") == "quoted-printable")
        #expect(mail.body.contains("Monitor: Z=C3=BCrich"))
        #expect(mail.header("Subject")?.hasPrefix("=?utf-8?B?") == true)
        #expect(MIMEText.isASCII(mail.text))
    }

    @Test func quotedPrintableSoftBreaksLongLinesAndKeepsTrailingSpaceSafe() {
        let encoded = MIMEText.quotedPrintable(String(repeating: "é", count: 40) + " \nnext=line\t")
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(lines.dropLast(2).allSatisfy { $0.hasSuffix("=") })
        #expect(lines.contains { $0.hasSuffix("=20") })
        #expect(lines.last == "next=3Dline=09")
    }

    @Test(arguments: [
        ("inc_42:opened/mail", "<inc_42-opened-mail@trustmonitor>"),
        ("a b<c>@d", "<a-b-c--d@trustmonitor>"),
        ("é", "<-@trustmonitor>"),
    ])
    func messageIDIsADotAtom(key: String, expected: String) {
        #expect(EmailChannel.messageID(key) == expected)
    }

    @Test func headerInjectionIsImpossible() throws {
        var message = AlertFixtures.message(.opened)
        message.monitorName = "api\r\nBcc: victim@example.test"
        let mail = try render(message)
        #expect(mail.header("Bcc") == nil)
    }

    @Test func dataSectionIsDotStuffedAndTerminated() {
        #expect(SMTPClient.dataSection("Subject: x\r\n\r\n.hidden\r\nok\r\n") == "Subject: x\r\n\r\n..hidden\r\nok\r\n.\r\n")
    }

    @Test(arguments: [
        (0.0, "Thu, 01 Jan 1970 00:00:00 +0000"),
        (951_782_400.0, "Tue, 29 Feb 2000 00:00:00 +0000"),
        (-86_400.0, "Wed, 31 Dec 1969 00:00:00 +0000"),
    ])
    func mailDate(seconds: Double, expected: String) {
        #expect(MailDate.format(Date(timeIntervalSince1970: seconds)) == expected)
    }
}
