/// Where a monitor's alerts go and what follows while its incident stays open: one channel, with the monitor's
/// policy (or the route's own) for reminders and escalation.
public struct AlertRoute: Sendable, Equatable {
    /// The channel's name under `alerts:`.
    public var channel: String
    /// Sent again every `reminder` while the incident is open and not acknowledged; nil: no reminders.
    public var reminder: Duration?
    /// Unacknowledged this long after opening: an escalation goes to `escalateTo`; nil: none.
    public var escalateAfter: Duration?
    public var escalateTo: [String]

    public init(channel: String, reminder: Duration? = nil, escalateAfter: Duration? = nil, escalateTo: [String] = []) {
        self.channel = channel
        self.reminder = reminder
        self.escalateAfter = escalateAfter
        self.escalateTo = escalateTo
    }
}

/// One alert the planner says is due: which event, for which channel.
public struct DueAlert: Sendable, Equatable {
    public var channel: String
    public var kind: AlertMessage.Kind
    public var eventID: String

    public init(channel: String, kind: AlertMessage.Kind, eventID: String) {
        self.channel = channel
        self.kind = kind
        self.eventID = eventID
    }
}
