import TrustMonitorCore

/// What the rich formats share: the same facts in the same order, so an alert reads alike in every channel.
extension AlertMessage {
    /// How an alert looks at a glance: the colour, priority or tag each service has for it.
    enum Tone {
        /// The incident is open (opened, reminders, escalation).
        case down
        case up
        /// Neither: a certificate warning or a test.
        case notice
    }

    var tone: Tone {
        switch kind {
        case .opened, .reminder, .escalation: return .down
        case .resolved, .degradationEnded: return .up
        case .certificateExpiring, .test, .degraded: return .notice
        }
    }

    /// Whether it should wake someone: a new incident or one nobody acknowledged. Reminders are not,
    /// so they do not page at top priority every period.
    var isUrgent: Bool { kind == .opened || kind == .escalation }

    /// Label and value of each known fact, in reading order.
    var facts: [(label: String, value: String)] {
        var facts: [(label: String, value: String)] = [("Monitor", monitorName), ("Endpoint", endpoint)]
        if let incidentID { facts.append(("Incident", incidentID)) }
        if let failure {
            facts.append(("Failure", "\(failure.code.rawValue) (\(failure.layer.rawValue)): \(failure.message)"))
        }
        if let openedAt { facts.append(("Opened", RFC3339.format(openedAt))) }
        if let resolvedAt { facts.append(("Resolved", RFC3339.format(resolvedAt))) }
        if let certificateExpiresAt { facts.append(("Certificate expires", RFC3339.format(certificateExpiresAt))) }
        if let degradationID { facts.append(("Degradation", degradationID)) }
        if let explanation { facts.append(("What is unusual", explanation)) }
        return facts
    }

    /// Everything but the summary, as plain text: the facts, who confirmed it, where the evidence is.
    var detailText: String {
        var lines = facts.map { "\($0.label): \($0.value)" }
        if !confirmations.isEmpty { lines += ["", "Confirmed by:"] + confirmations.map { "- \($0)" } }
        if let bundleURL { lines += ["", "Evidence bundle: \(bundleURL)"] }
        return lines.joined(separator: "\n")
    }

    /// The whole alert as plain text, for receivers that show text only.
    var plainText: String { summary + "\n\n" + detailText }
}

extension String {
    /// At most `limit` characters, the last one an ellipsis when cut: services refuse over-long fields
    /// outright, and a shortened alert is better than none.
    func truncated(to limit: Int) -> String {
        count <= limit ? self : String(prefix(max(0, limit - 1))) + "…"
    }
}
