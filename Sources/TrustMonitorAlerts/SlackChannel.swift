import TrustMonitorConfig
import TrustMonitorCore

/// `type: slack`: an incoming webhook (https://api.slack.com/messaging/webhooks). `text` is what
/// notifications and old clients show; `blocks` is the message itself, in section blocks of mrkdwn.
/// Slack answers 200 with the body `ok`.
enum SlackChannel {
    /// Slack's limits: a section's text 3000 characters, at most 10 fields of 2000.
    static let textLimit = 3000
    static let fieldLimit = 2000

    static func request(for message: AlertMessage, channel: AlertChannelConfig) throws -> AlertRequest {
        try .json(url: channel.required("url"), body: payload(message))
    }

    static func payload(_ message: AlertMessage) -> JSONValue {
        var blocks: [JSONValue] = [section("*\(escape(message.summary))*")]
        let fields = message.facts.prefix(10).map { fact in
            mrkdwn("*\(fact.label)*\n\(escape(fact.value))".truncated(to: fieldLimit))
        }
        blocks.append(["type": "section", "fields": .array(fields)])
        if !message.confirmations.isEmpty {
            let lines = message.confirmations.map { "• \(escape($0))" }
            blocks.append(section("*Confirmed by*\n" + lines.joined(separator: "\n")))
        }
        if let bundleURL = message.bundleURL {
            blocks.append(section("<\(bundleURL)|Evidence bundle>"))
        }
        return ["text": .string(escape(message.summary).truncated(to: textLimit)), "blocks": .array(blocks)]
    }

    private static func section(_ text: String) -> JSONValue {
        ["type": "section", "text": mrkdwn(text.truncated(to: textLimit))]
    }

    private static func mrkdwn(_ text: String) -> JSONValue {
        ["type": "mrkdwn", "text": .string(text)]
    }

    /// The three characters Slack's mrkdwn reads as control characters
    /// (https://api.slack.com/reference/surfaces/formatting#escaping): a monitor name with `<!channel>` in it
    /// must not ping everyone.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
