import TrustMonitorConfig
import TrustMonitorCore

/// `type: teams`: a Workflows (Power Automate) webhook, which takes a message with one Adaptive Card
/// attachment (https://learn.microsoft.com/en-us/connectors/teams/?tabs=text1#microsoft-teams-webhook).
/// The old Office 365 connectors' MessageCard is retired, so it is not sent. Workflows answer 202.
enum TeamsChannel {
    static func request(for message: AlertMessage, channel: AlertChannelConfig) throws -> AlertRequest {
        try .json(url: channel.required("url"), body: payload(message))
    }

    static func payload(_ message: AlertMessage) -> JSONValue {
        [
            "type": "message",
            "attachments": [[
                "contentType": "application/vnd.microsoft.card.adaptive",
                "content": card(message),
            ]],
        ]
    }

    /// Adaptive Card 1.4, the newest version every Teams client renders.
    static func card(_ message: AlertMessage) -> JSONValue {
        var body: [JSONValue] = [
            [
                "type": "TextBlock", "text": .string(message.summary), "weight": "Bolder", "size": "Medium",
                "wrap": true, "color": .string(color(message.tone)),
            ],
            [
                "type": "FactSet",
                "facts": .array(message.facts.map { ["title": .string($0.label), "value": .string($0.value)] }),
            ],
        ]
        if !message.confirmations.isEmpty {
            let lines = ["Confirmed by:"] + message.confirmations.map { "- \($0)" }
            body.append(["type": "TextBlock", "text": .string(lines.joined(separator: "\n")), "wrap": true])
        }
        var actions: [JSONValue] = []
        if let bundleURL = message.bundleURL {
            actions.append(["type": "Action.OpenUrl", "title": "Evidence bundle", "url": .string(bundleURL)])
        }
        return [
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": "1.4",
            "body": .array(body),
            "actions": .array(actions),
        ]
    }

    private static func color(_ tone: AlertMessage.Tone) -> String {
        switch tone {
        case .down: return "Attention"
        case .up: return "Good"
        case .notice: return "Warning"
        }
    }
}
