import Foundation
import TrustMonitorCore
import TrustMonitorStore

/// An incident's events in time order: opened, each look (with its attempts and signature), each alert, the
/// acknowledgement, comments, and the resolution with its recovery looks.
enum IncidentTimeline {
    struct Item {
        var at: Date
        var html: String
    }

    static func items(_ model: IncidentPageModel) -> [Item] {
        let incident = model.incident
        var items = [Item(at: incident.openedAt, html: time(incident.openedAt)
            + " <strong>Opened</strong>: \(PageText.escape(incident.failure.code.rawValue)) "
            + "(\(PageText.escape(incident.failure.layer.rawValue))), \(PageText.escape(incident.failure.message))")]
        items += model.looks.map { Item(at: $0.verdict.at, html: look($0, recovery: false)) }
        items += model.deliveries.map { delivery in
            let result = delivery.lastResult.map { ": \(PageText.escape($0))" } ?? ""
            let delivered = delivery.deliveredAt.map { ", delivered \(PageText.minute($0))" } ?? ""
            return Item(at: delivery.createdAt, html: time(delivery.createdAt)
                + " <strong>Alert</strong> \(PageText.escape(delivery.message.kind.rawValue)) to "
                + "\(PageText.escape(delivery.channel)) \(DashboardFrame.stateBadge(delivery.state.rawValue, label: delivery.state.rawValue)) "
                + "after \(delivery.attempts) \(delivery.attempts == 1 ? "attempt" : "attempts")\(delivered)\(result)")
        }
        if let ack = model.acknowledgement {
            items.append(Item(at: ack.at, html: time(ack.at) + " <strong>Acknowledged</strong> by \(PageText.escape(ack.by))"))
        }
        items += model.comments.map { comment in
            Item(at: comment.at, html: time(comment.at)
                + " <strong>Comment</strong> by \(PageText.escape(comment.by)): \(PageText.escape(comment.text))")
        }
        if let resolved = incident.resolvedAt {
            items.append(Item(at: resolved, html: time(resolved) + " <strong>Resolved</strong>: recovery confirmed by "
                + "\(model.recoveries.count) \(model.recoveries.count == 1 ? "look" : "looks")"))
        }
        items += model.recoveries.map { Item(at: $0.verdict.at, html: look($0, recovery: true)) }
        // Stable: events at the same instant keep the order above (opened before its first look).
        return items.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }

    static func time(_ date: Date) -> String {
        "<time datetime=\"\(RFC3339.format(date))\">\(PageText.minute(date))</time>"
    }

    /// One look: who, where, how independent, what it saw, its attempts, and its signature.
    static func look(_ look: IncidentPageModel.Look, recovery: Bool) -> String {
        let verdict = look.verdict, observation = verdict.observation
        let kind = recovery ? "Recovery look" : verdict.role == .primary ? "Primary check" : "Verification"
        let region = verdict.region.map { " in region \(PageText.escape($0))" } ?? ""
        let saw = verdict.isUp ? DashboardFrame.stateBadge("up", label: "Saw it up")
            : DashboardFrame.stateBadge("down", label: "Saw it down")
                + (observation.failure.map { " \(PageText.escape($0.code.rawValue)): \(PageText.escape($0.message))" } ?? "")
        let attempts = observation.attempts.map { attempt in
            "attempt \(attempt.number): " + (attempt.failure.map { PageText.escape($0.code.rawValue) }
                ?? "HTTP \(attempt.status.map(String.init) ?? "?")")
                + (attempt.phases.total.map { " in \(Int($0.rounded())) ms" } ?? "")
        }.joined(separator: "; ")
        return time(verdict.at) + " <strong>\(kind)</strong> by \(PageText.escape(verdict.probe))\(region) "
            + "(\(PageText.escape(verdict.independence))): \(saw)"
            + (attempts.isEmpty ? "" : "<div class=\"meta\">\(attempts)</div>")
            + "<div>\(signature(look.signature, probe: verdict.probe))</div>"
    }

    static func signature(_ signature: LookSignature, probe: String) -> String {
        switch signature {
        case .unsigned:
            return DashboardFrame.stateBadge("unsigned", label: "Not signed")
                + " <span class=\"meta\">the server's own probe signs nothing; the ledger entry vouches for it</span>"
        case .verified(let key, true):
            return DashboardFrame.stateBadge("verified", label: "Signature verified")
                + " signed with <code>\(PageText.escape(key))</code>, the key \(PageText.escape(probe)) registered"
        case .verified(let key, false):
            return DashboardFrame.stateBadge("invalid", label: "Unregistered key")
                + " signed with <code>\(PageText.escape(key))</code>, which is not the key \(PageText.escape(probe)) registered"
        case .invalid(let reason):
            return DashboardFrame.stateBadge("invalid", label: "Signature invalid") + " \(PageText.escape(reason))"
        }
    }
}
