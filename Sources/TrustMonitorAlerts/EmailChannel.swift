import Foundation
import TrustMonitorConfig
import TrustMonitorCore

/// `type: email`: the alert as a plain-text message (RFC 5322), sent by `SMTPClient`.
///
/// The Message-ID comes from the idempotency key, so a retried delivery is the same message to mail
/// clients and filters. The body is 7bit when it can be and quoted-printable otherwise, which every server
/// carries unchanged, with or without 8BITMIME.
enum EmailChannel {
    static func message(for message: AlertMessage, channel: AlertChannelConfig, idempotencyKey: String,
                        now: Date) throws -> EmailMessage {
        let from = try channel.required("from")
        let recipients = try channel.required("to").split(separator: ",").map { address(in: String($0)) }
            .filter { !$0.isEmpty }
        guard !recipients.isEmpty else {
            throw AlertRenderingError("channel '\(channel.name)' has no recipient in 'to'")
        }
        // Bare CRs (from a failure message, say) must not reach DATA: every line break becomes one CRLF.
        let body = message.plainText.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n")
        let plain = MIMEText.isASCII(body) && body.split(separator: "\n").allSatisfy { $0.utf8.count <= 998 }
        let fields = [
            ("From", mailbox(from)),
            ("To", recipients.joined(separator: ", ")),
            ("Subject", MIMEText.encodedWords(message.summary, separator: "\r\n ")),
            ("Date", MailDate.format(now)),
            ("Message-ID", messageID(idempotencyKey)),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Transfer-Encoding", plain ? "7bit" : "quoted-printable"),
            // RFC 3834: machine-sent, so auto-responders do not answer it.
            ("Auto-Submitted", "auto-generated"),
            ("X-TrustMonitor-Event", message.kind.rawValue),
        ]
        let head = fields.map { "\($0.0): \($0.1)" }.joined(separator: "\r\n")
        let encodedBody = plain ? body.replacingOccurrences(of: "\n", with: "\r\n") : MIMEText.quotedPrintable(body)
        return EmailMessage(sender: address(in: from), recipients: recipients,
                            text: head + "\r\n\r\n" + encodedBody + "\r\n")
    }

    /// `<key@trustmonitor>` with every character a Message-ID's dot-atom cannot hold made a `-`.
    static func messageID(_ idempotencyKey: String) -> String {
        let local = idempotencyKey.unicodeScalars.map { scalar -> Character in
            let allowed = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || "-_+=".unicodeScalars.contains(scalar))
            return allowed ? Character(scalar) : "-"
        }
        return "<\(String(local))@trustmonitor>"
    }

    /// The bare address of `Name <a@b>` or of `a@b`: what the envelope takes.
    static func address(in mailbox: String) -> String {
        let trimmed = MIMEText.headerLine(mailbox).trimmingCharacters(in: .whitespaces)
        guard let open = trimmed.lastIndex(of: "<"), let close = trimmed.lastIndex(of: ">"), open < close else {
            return trimmed
        }
        return String(trimmed[trimmed.index(after: open)..<close])
    }

    /// The From field: a display name that is not ASCII is encoded, the address never is.
    private static func mailbox(_ written: String) -> String {
        let line = MIMEText.headerLine(written).trimmingCharacters(in: .whitespaces)
        guard let open = line.lastIndex(of: "<"), open > line.startIndex else { return line }
        let name = line[..<open].trimmingCharacters(in: .whitespaces)
        return "\(MIMEText.encodedWords(name, separator: "\r\n ")) \(line[open...])"
    }
}
