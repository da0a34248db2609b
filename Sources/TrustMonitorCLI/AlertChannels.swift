import NIOConcurrencyHelpers
import TrustMonitorAlerts
import TrustMonitorConfig
import TrustMonitorCore
import TrustMonitorEngine

/// The configured alert channels as the delivery service sends through them; replaced whole on a config reload,
/// so an alert queued before a reload goes out with the channel's new settings (a rotated webhook URL or key).
final class AlertChannels: AlertSending {
    private let sender: NIOLockedValueBox<AlertSender>

    init(_ channels: [AlertChannelConfig]) {
        sender = NIOLockedValueBox(AlertSender(channels: channels))
    }

    func update(_ channels: [AlertChannelConfig]) {
        sender.withLockedValue { $0 = AlertSender(channels: channels) }
    }

    func send(_ message: AlertMessage, channel: String, idempotencyKey: String) async -> DeliveryOutcome {
        let current = sender.withLockedValue { $0 }
        return await current.send(message, channel: channel, idempotencyKey: idempotencyKey)
    }

    /// A claim outlives any one send (at most the sender's 10 s timeout), so a crashed replica's alerts are sent
    /// again by another about this long after it died.
    static let deliveryLease = Duration.seconds(20)
}
