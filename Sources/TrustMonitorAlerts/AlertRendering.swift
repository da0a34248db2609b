public import struct Foundation.Date
public import TrustMonitorConfig
public import TrustMonitorCore

/// Renders one alert for one channel, without sending it: what each receiver gets, in its documented format.
///
/// Pure (the time is passed in) so payloads are unit-tested as values and the sender only moves bytes.
public enum AlertRendering {
    /// The HTTP request for every channel type but `email`.
    /// - Parameters:
    ///   - idempotencyKey: `<event id>/<channel>`, the same on every retry; sent to receivers that take one.
    ///   - now: when this attempt is made (the webhook signature's timestamp).
    public static func request(for message: AlertMessage, channel: AlertChannelConfig, idempotencyKey: String,
                               now: Date) throws -> AlertRequest {
        switch channel.type {
        case .webhook:
            return try WebhookChannel.request(for: message, channel: channel, idempotencyKey: idempotencyKey, now: now)
        case .slack: return try SlackChannel.request(for: message, channel: channel)
        case .discord: return try DiscordChannel.request(for: message, channel: channel)
        case .teams: return try TeamsChannel.request(for: message, channel: channel)
        case .pagerduty: return try PagerDutyChannel.request(for: message, channel: channel)
        case .opsgenie: return try OpsgenieChannel.request(for: message, channel: channel)
        case .ntfy: return try NtfyChannel.request(for: message, channel: channel)
        case .telegram: return try TelegramChannel.request(for: message, channel: channel)
        case .email:
            throw AlertRenderingError("channel '\(channel.name)' is an email channel: it renders a message, "
                + "not a request")
        }
    }

    /// The RFC 5322 message and its envelope for an `email` channel.
    public static func email(for message: AlertMessage, channel: AlertChannelConfig, idempotencyKey: String,
                             now: Date) throws -> EmailMessage {
        guard channel.type == .email else {
            throw AlertRenderingError("channel '\(channel.name)' is a \(channel.type.rawValue) channel, not email")
        }
        return try EmailChannel.message(for: message, channel: channel, idempotencyKey: idempotencyKey, now: now)
    }
}
