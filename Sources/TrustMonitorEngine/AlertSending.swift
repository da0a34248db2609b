public import TrustMonitorCore

/// Sends one alert to one channel, once; the delivery service decides whether and when to try again.
///
/// Every failure is a `DeliveryOutcome`, never a thrown error: a receiver being down is the normal case the outbox
/// exists for. One attempt must end well within the delivery lease (60 s), or another replica may send the alert
/// again meanwhile.
public protocol AlertSending: Sendable {
    /// - Parameter idempotencyKey: `<event id>/<channel>`, the same on every retry and every replica, for receivers
    ///   that dedup by it.
    func send(_ message: AlertMessage, channel: String, idempotencyKey: String) async -> DeliveryOutcome
}
