import Foundation
import TrustMonitorCore

/// `/dashboard/probes` as HTML.
enum ProbesPageHTML {
    static func render(_ model: ProbesPageModel, viewer: DashboardViewer?) -> String {
        let rows = model.probes.map { probe in
            let record = probe.record
            let heartbeat = record.lastHeartbeat.map {
                "<time datetime=\"\(RFC3339.format($0))\">\(PageText.ago($0, now: model.generatedAt))</time>"
            } ?? "never"
            let canary = record.impaired
                ? DashboardFrame.stateBadge("impaired", label: "Failing") + " \(PageText.escape(record.canaryFailure ?? ""))"
                : record.lastHeartbeat == nil ? "—" : DashboardFrame.stateBadge("healthy", label: "Passing")
            let key = record.key.map { "<code>\(PageText.escape(keyLabel($0)))</code>" + (record.registeredAt.map {
                " <span class=\"meta\">since \(PageText.minute($0))</span>"
            } ?? "") } ?? "not registered yet"
            let witness = record.witnessKey.map { "<code>\(PageText.escape(keyLabel($0)))</code>" } ?? "no"
            return "<tr><th scope=\"row\">\(PageText.escape(record.name))</th><td>\(PageText.escape(record.region))</td>"
                + "<td>\(DashboardFrame.stateBadge(probe.health.rawValue, label: label(probe.health)))</td><td>\(heartbeat)</td>"
                + "<td>\(canary)</td><td>\(key)</td><td>\(witness)</td></tr>"
        }.joined()
        let table = model.probes.isEmpty
            ? "<p>No remote probes: every check runs on this server. Add one with <code>POST /api/v1/probes</code>.</p>"
            : """
                <div class="scroll"><table><caption>\(model.probes.count) probes in \(model.regions.count) \
                \(model.regions.count == 1 ? "region" : "regions"): \(model.regions.map(PageText.escape).joined(separator: ", "))</caption>
                <thead><tr><th scope="col">Probe</th><th scope="col">Region</th><th scope="col">Health</th>\
                <th scope="col">Last heartbeat</th><th scope="col">Canary</th><th scope="col">Signing key</th>\
                <th scope="col">Witness key</th></tr></thead><tbody>\(rows)</tbody></table></div>
                """
        let body = "<h1>Probes</h1>\n<p class=\"meta\">A probe counts as offline \(Int(ProbesPageModel.offlineAfter)) s "
            + "after its last heartbeat; an impaired probe's looks are not counted as votes.</p>\n" + table
        return DashboardFrame.render(title: "Probes", section: .probes, viewer: viewer, body: body)
    }

    static func label(_ health: ProbesPageModel.Health) -> String {
        switch health {
        case .healthy: "Online"
        case .impaired: "Impaired"
        case .offline: "Offline"
        }
    }

    /// A vkey's `name+hash` label (the key itself is public, but long); the vkey as it is if it does not parse.
    static func keyLabel(_ vkey: String) -> String {
        let parts = vkey.split(separator: "+")
        return parts.count >= 3 ? "\(parts[0])+\(parts[1])" : vkey
    }
}
