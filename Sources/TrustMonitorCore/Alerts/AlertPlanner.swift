public import struct Foundation.Date

/// What is due for an open incident at a moment: reminders and escalation, as events with fixed names.
///
/// Pure and idempotent by construction: the n-th reminder is `<incident>:reminder:<n>` whoever computes it and
/// however often, so the outbox (one row per event and channel) turns repeated planning into one alert. Only the
/// latest reminder is planned: a server that was down for three periods sends one reminder, not a burst of three.
public enum AlertPlanner {
    public static func due(incidentID: String, openedAt: Date, acknowledged: Bool, routes: [AlertRoute], now: Date)
        -> [DueAlert]
    {
        guard !acknowledged else { return [] }
        let elapsed = now.timeIntervalSince(openedAt)
        guard elapsed > 0 else { return [] }
        var due: [DueAlert] = []
        for route in routes {
            if let reminder = route.reminder, reminder > .zero {
                let period = Double(reminder.components.seconds) + Double(reminder.components.attoseconds) / 1e18
                let count = Int((elapsed / period).rounded(.down))
                if count >= 1 {
                    due.append(DueAlert(channel: route.channel, kind: .reminder, eventID: "\(incidentID):reminder:\(count)"))
                }
            }
            if let after = route.escalateAfter, elapsed >= Double(after.components.seconds) {
                for target in route.escalateTo {
                    due.append(DueAlert(channel: target, kind: .escalation, eventID: "\(incidentID):escalation"))
                }
            }
        }
        // One escalation per channel even when several routes name it.
        var seen = Set<String>()
        return due.filter { seen.insert("\($0.eventID)/\($0.channel)").inserted }
    }

    /// Whether a certificate that expires at `notAfter` is inside the warning window at `now`.
    public static func certificateWarningDue(notAfter: Date, warning: Duration, now: Date) -> Bool {
        warning > .zero && notAfter.timeIntervalSince(now) <= Double(warning.components.seconds)
    }

    /// The certificate warning's event: one per monitor and certificate (its expiry names it).
    public static func certificateEventID(monitorID: String, notAfter: Date) -> String {
        "\(monitorID):certificate:\(Int64(notAfter.timeIntervalSince1970))"
    }
}
