import TrustMonitorConfig
import TrustMonitorCore

/// `type: discord`: a channel webhook (https://discord.com/developers/docs/resources/webhook#execute-webhook)
/// with one embed. Discord answers 204 with no body.
enum DiscordChannel {
    static let username = "TrustMonitor"

    /// Embed colours: red while the incident is open, green when resolved, orange otherwise.
    static func color(_ tone: AlertMessage.Tone) -> Int {
        switch tone {
        case .down: return 0xE7_4C_3C
        case .up: return 0x2E_CC_71
        case .notice: return 0xE6_7E_22
        }
    }

    static func request(for message: AlertMessage, channel: AlertChannelConfig) throws -> AlertRequest {
        try .json(url: channel.required("url"), body: payload(message))
    }

    /// Within Discord's embed limits: title 256, description 4096, 25 fields of name 256 and value 1024.
    static func payload(_ message: AlertMessage) -> JSONValue {
        var embed: [String: JSONValue] = [
            "title": .string(message.summary.truncated(to: 256)),
            "description": .string(description(message).truncated(to: 4096)),
            "color": .integer(color(message.tone)),
            "timestamp": .time(message.at),
            "fields": .array(message.facts.prefix(25).map { fact in
                ["name": .string(fact.label.truncated(to: 256)), "value": .string(fact.value.truncated(to: 1024)),
                 "inline": false]
            }),
        ]
        if let bundleURL = message.bundleURL { embed["url"] = .string(bundleURL) }
        return [
            "username": .string(username),
            // Names and failure messages are not ours to trust: no @everyone or role pings from them.
            "allowed_mentions": ["parse": []],
            "embeds": [.object(embed)],
        ]
    }

    private static func description(_ message: AlertMessage) -> String {
        var lines: [String] = []
        if !message.confirmations.isEmpty {
            lines += ["Confirmed by:"] + message.confirmations.map { "- \($0)" }
        }
        if let bundleURL = message.bundleURL { lines.append("[Evidence bundle](\(bundleURL))") }
        return lines.isEmpty ? "Event \(message.eventID)" : lines.joined(separator: "\n")
    }
}
