import Foundation

/// One email as SMTP sends it: the envelope (who it is from and to, as bare addresses for `MAIL FROM` and
/// `RCPT TO`) and the RFC 5322 message (header fields, a blank line, the body; lines ended by CRLF).
///
/// The text is not yet dot-stuffed: that belongs to SMTP's DATA, not to the message.
public struct EmailMessage: Sendable, Equatable {
    public var sender: String
    public var recipients: [String]
    public var text: String

    public init(sender: String, recipients: [String], text: String) {
        self.sender = sender
        self.recipients = recipients
        self.text = text
    }

    /// The value of the first header field named `name` (case-insensitive), unfolded.
    public func header(_ name: String) -> String? {
        let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
        var fields: [(String, String)] = []
        for line in head.components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), let last = fields.popLast() {
                fields.append((last.0, last.1 + line))
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " })))
            }
        }
        return fields.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// Everything after the header fields, as written (still transfer-encoded).
    public var body: String {
        guard let range = text.range(of: "\r\n\r\n") else { return "" }
        return String(text[range.upperBound...])
    }
}
