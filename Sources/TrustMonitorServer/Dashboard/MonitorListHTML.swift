import Foundation
import TrustMonitorCore

/// `/dashboard` as HTML: counts per state (each a link that filters), a plain GET form, and one table row per
/// monitor.
enum MonitorListHTML {
    static func render(_ model: MonitorListModel, viewer: DashboardViewer?) -> String {
        let shown = model.rows.count == model.total ? "\(model.total) monitors"
            : "\(model.rows.count) of \(model.total) monitors"
        var body = """
            <h1>Monitors</h1>
            <section aria-labelledby="by-state"><h2 id="by-state" class="meta">By state</h2>
            \(counts(model))
            </section>
            \(filterForm(model))
            <div class="scroll"><table>
            <caption>\(shown)\(model.filter.isEmpty ? "" : " (filtered)"), as of \(PageText.minute(model.generatedAt))</caption>
            <thead><tr><th scope="col">Monitor</th><th scope="col">State</th><th scope="col" class="num">Uptime 24 h</th>\
            <th scope="col" class="num">Last response</th><th scope="col">Last check</th><th scope="col">Tags</th></tr></thead>
            <tbody>

            """
        body.reserveCapacity(body.utf8.count + model.rows.count * 700)
        for row in model.rows { body += self.row(row, now: model.generatedAt) }
        if model.rows.isEmpty {
            body += "<tr><td colspan=\"6\">No monitor matches"
                + (model.filter.isEmpty ? " (none configured yet)" : "; <a href=\"/dashboard\">show all</a>") + ".</td></tr>"
        }
        body += "</tbody></table></div>"
        return DashboardFrame.render(title: "Monitors", section: .monitors, viewer: viewer, body: body)
    }

    static func counts(_ model: MonitorListModel) -> String {
        let items = ShownState.allCases.map { state in
            let current = model.filter.state == state ? " aria-current=\"true\"" : ""
            return "<li><a href=\"/dashboard?state=\(state.rawValue)\"\(current)>"
                + "\(DashboardFrame.stateBadge(state.rawValue, label: label(state))) <strong>\(model.counts[state] ?? 0)</strong></a></li>"
        }.joined()
        return "<ul class=\"counts\"><li><a href=\"/dashboard\"\(model.filter.isEmpty ? " aria-current=\"true\"" : "")>All "
            + "<strong>\(model.total)</strong></a></li>\(items)</ul>"
    }

    static func filterForm(_ model: MonitorListModel) -> String {
        func option(_ value: String, _ text: String, selected: Bool) -> String {
            "<option value=\"\(PageText.escape(value))\"\(selected ? " selected" : "")>\(PageText.escape(text))</option>"
        }
        let states = option("", "Any state", selected: model.filter.state == nil)
            + ShownState.allCases.map { option($0.rawValue, label($0), selected: model.filter.state == $0) }.joined()
        let tags = option("", "Any tag", selected: model.filter.tag == nil)
            + model.tags.map { option($0, $0, selected: model.filter.tag == $0) }.joined()
        return """
            <form class="filters" method="get" action="/dashboard" role="search" aria-label="Filter monitors">
            <label>State <select name="state">\(states)</select></label>
            <label>Tag <select name="tag">\(tags)</select></label>
            <label>Name contains <input type="search" name="q" value="\(PageText.escape(model.filter.search ?? ""))" \
            maxlength="\(MonitorListModel.Filter.maxSearch)"></label>
            <button type="submit">Filter</button>
            </form>
            """
    }

    static func row(_ row: MonitorListModel.Row, now: Date) -> String {
        let id = PageText.escape(row.id)
        let uptime = PageText.percent(up: row.day.up, of: row.day.checks)
            .map { "\($0) <span class=\"meta\">of \(row.day.checks)</span>" } ?? "<span class=\"meta\">no checks</span>"
        let response = row.latest.map { latest in
            let time = PageText.milliseconds(latest.totalMs) ?? "—"
            let failure = latest.failureCode.map { " <span class=\"meta\">\($0.rawValue)</span>" } ?? ""
            return time + failure
        } ?? "—"
        let checked = row.latest.map {
            "<time datetime=\"\(RFC3339.format($0.startedAt))\">\(PageText.ago($0.startedAt, now: now))</time>"
                + " <span class=\"meta\">by \(PageText.escape($0.probe))</span>"
        } ?? "never"
        let incident = row.openIncident.map {
            " <a href=\"/dashboard/incidents/\(PageText.escape($0))\">open incident</a>"
        } ?? ""
        return "<tr><th scope=\"row\"><a href=\"/dashboard/monitors/\(id)\">\(PageText.escape(row.name))</a>"
            + "<div class=\"meta\">\(PageText.escape(row.endpoint))</div></th>"
            + "<td>\(DashboardFrame.stateBadge(row.state.rawValue, label: label(row.state)))\(incident)"
            + (row.degradation.map { "<div class=\"meta\">\(PageText.escape($0))</div>" } ?? "") + "</td>"
            + "<td class=\"num\">\(uptime)</td><td class=\"num\">\(response)</td><td>\(checked)</td>"
            + "<td>\(row.tags.map(PageText.escape).joined(separator: ", "))</td></tr>\n"
    }

    /// States in words; `pending` is a monitor with no check yet, so its state is not known.
    static func label(_ state: ShownState) -> String {
        switch state {
        case .up: "Up"
        case .degraded: "Degraded"
        case .down: "Down"
        case .suspect: "Suspect"
        case .pending: "Pending"
        case .paused: "Paused"
        }
    }
}
