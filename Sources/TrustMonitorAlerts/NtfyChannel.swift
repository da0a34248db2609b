import TrustMonitorConfig
import TrustMonitorCore

/// `type: ntfy`: a publish to a topic (https://docs.ntfy.sh/publish/). The body is the message as plain text;
/// title, priority, tags and the click-through link travel in headers, the title RFC 2047-encoded when it is
/// not ASCII (which ntfy decodes). `url` is the server and topic, e.g. `https://ntfy.sh/ops-alerts`.
enum NtfyChannel {
    static func request(for message: AlertMessage, channel: AlertChannelConfig) throws -> AlertRequest {
        var headers = [
            HeaderField(name: "Content-Type", value: "text/plain; charset=utf-8"),
            HeaderField(name: "Title",
                        value: MIMEText.encodedWords(message.summary.truncated(to: 250), separator: " ")),
            HeaderField(name: "Priority", value: message.isUrgent ? "5" : "3"),
            HeaderField(name: "Tags", value: tags(message.kind).joined(separator: ",")),
        ]
        if let bundleURL = message.bundleURL {
            headers.append(HeaderField(name: "Click", value: MIMEText.headerLine(bundleURL)))
        }
        if let token = channel.optional("token") {
            headers.append(HeaderField(name: "Authorization", value: "Bearer \(token)"))
        }
        return AlertRequest(url: try channel.required("url"), headers: headers, body: Array(message.detailText.utf8))
    }

    /// ntfy shows tags that are emoji short codes as emoji before the title.
    static func tags(_ kind: AlertMessage.Kind) -> [String] {
        switch kind {
        case .opened: return ["rotating_light"]
        case .reminder: return ["rotating_light", "repeat"]
        case .escalation: return ["rotating_light", "sos"]
        case .resolved: return ["white_check_mark"]
        case .certificateExpiring: return ["warning", "lock"]
        case .test: return ["test_tube"]
        case .degraded: return ["snail"]
        case .degradationEnded: return ["white_check_mark", "snail"]
        }
    }
}
