public import struct Foundation.Date
public import TrustMonitorCore

/// An alert to put in the outbox: one message for one channel. Its key (event and channel) is what makes
/// delivery exactly-once toward receivers that dedup: the same event for the same channel is kept once,
/// however often, by however many replicas, it is enqueued.
public struct AlertDraft: Sendable, Equatable {
    public var channel: String
    public var message: AlertMessage
    /// Held alerts (a maintenance window) are kept and shown, never sent.
    public var held: Bool

    public init(channel: String, message: AlertMessage, held: Bool = false) {
        self.channel = channel
        self.message = message
        self.held = held
    }

    /// `<event id>/<channel>`: the idempotency key sent to receivers that take one.
    public var key: String { "\(message.eventID)/\(channel)" }
}

/// One alert in the outbox and how its delivery is going.
public struct AlertDelivery: Sendable, Equatable {
    public enum State: String, Sendable, Codable, CaseIterable {
        /// Waiting for its next attempt (`nextAttemptAt`).
        case pending
        case delivered
        /// Given up on after the last allowed attempt, or refused for good by the receiver: shown, never dropped.
        case failed
        /// Inside a maintenance window: kept, not sent.
        case held
    }

    public var id: String
    public var key: String
    public var channel: String
    public var message: AlertMessage
    public var state: State
    /// Attempts made so far.
    public var attempts: Int
    public var nextAttemptAt: Date
    /// The last attempt's error, or the receiver's answer when delivered.
    public var lastResult: String?
    public var createdAt: Date
    public var deliveredAt: Date?

    public init(id: String, key: String, channel: String, message: AlertMessage, state: State, attempts: Int,
                nextAttemptAt: Date, lastResult: String?, createdAt: Date, deliveredAt: Date?) {
        self.id = id
        self.key = key
        self.channel = channel
        self.message = message
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastResult = lastResult
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
    }
}

/// What one delivery attempt did, for `Store.recordDeliveryAttempt`.
public enum DeliveryRecord: Sendable, Equatable {
    case delivered(answer: String)
    /// Try again at `at`.
    case retry(at: Date, error: String)
    case failed(error: String)
}
