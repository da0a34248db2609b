import Foundation
import TrustMonitorCore

/// `/dashboard/monitors/{id}` as HTML.
enum MonitorPageHTML {
    static func render(_ model: MonitorPageModel, viewer: DashboardViewer?) -> String {
        let monitor = model.monitor
        let uptime = PageText.percent(up: model.day.up, of: model.day.checks).map { "\($0) up over the last 24 hours" }
            ?? "no scheduled checks in the last 24 hours"
        let tags = model.tags.isEmpty ? "" : " · tags: " + model.tags.map(PageText.escape).joined(separator: ", ")
        let body = """
            <p class="meta"><a href="/dashboard">Monitors</a> ›</p>
            <h1>\(PageText.escape(monitor.name)) \(DashboardFrame.stateBadge(model.state.rawValue, label: MonitorListHTML.label(model.state)))</h1>
            <p class="meta">\(PageText.escape(monitor.endpoint)) · every \(monitor.intervalMs / 1000) s · \
            \(monitor.state.rawValue) since <time datetime="\(RFC3339.format(monitor.stateSince))">\(PageText.minute(monitor.stateSince))</time> · \
            \(uptime)\(tags)</p>
            \(slaLinks(model))
            \(controls(model, viewer: viewer))
            <section aria-labelledby="phases"><h2 id="phases">Where the time goes</h2>
            \(PhaseChart.render(model.samples))
            </section>
            <section aria-labelledby="probes"><h2 id="probes">Latest look from each probe</h2>
            \(probes(model))
            </section>
            <section aria-labelledby="conditions"><h2 id="conditions">Conditions</h2>
            \(conditions(model))
            </section>
            <section aria-labelledby="incidents"><h2 id="incidents">Recent incidents</h2>
            \(incidents(model))
            </section>
            <section aria-labelledby="degraded"><h2 id="degraded">Degraded periods (30 days)</h2>
            \(degradations(model))
            </section>
            """
        return DashboardFrame.render(title: monitor.name, section: .monitors, viewer: viewer, body: body)
    }

    /// Pause or resume, for a monitor the API owns; a configured one is changed in the file.
    static func controls(_ model: MonitorPageModel, viewer: DashboardViewer?) -> String {
        guard model.monitor.source == .api else {
            return "<p class=\"meta\">Defined in the configuration file: change it there and reload.</p>"
        }
        let paused = model.monitor.paused
        let note = "<p class=\"meta\">Created through the API\(paused ? "; paused: not checked until resumed" : "").</p>"
        guard model.pausable else { return note }
        let id = DashboardRoutes.pathSegment(model.monitor.id)
        let (action, label) = paused ? ("resume", "Resume checks") : ("pause", "Pause checks")
        return note + "<form method=\"post\" action=\"/dashboard/monitors/\(id)/\(action)\">\(viewer?.csrfField ?? "")"
            + "<button type=\"submit\">\(label)</button></form>"
    }

    static func probes(_ model: MonitorPageModel) -> String {
        guard !model.probes.isEmpty else { return "<p>No checks recorded yet.</p>" }
        let rows = model.probes.map { look in
            let observation = look.observation
            let result = observation.verdict == .up ? DashboardFrame.stateBadge("up", label: "Up")
                : DashboardFrame.stateBadge("down", label: "Down")
                    + (observation.failure.map { " \(PageText.escape($0.code.rawValue)): \(PageText.escape($0.message))" } ?? "")
            return "<tr><th scope=\"row\">\(PageText.escape(look.probe))</th>"
                + "<td>\(look.region.map(PageText.escape) ?? "<span class=\"meta\">this server</span>")</td>"
                + "<td>\(look.role.rawValue)</td><td>\(result)</td>"
                + "<td class=\"num\">\(observation.status.map(String.init) ?? "—")</td>"
                + "<td class=\"num\">\(PageText.milliseconds(observation.phases.total) ?? "—")</td>"
                + "<td><time datetime=\"\(RFC3339.format(observation.startedAt))\">"
                + "\(PageText.ago(observation.startedAt, now: model.generatedAt))</time></td></tr>"
        }.joined()
        return "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Probe</th><th scope=\"col\">Region</th>"
            + "<th scope=\"col\">Role</th><th scope=\"col\">Result</th><th scope=\"col\" class=\"num\">Status</th>"
            + "<th scope=\"col\" class=\"num\">Total</th><th scope=\"col\">When</th></tr></thead><tbody>\(rows)</tbody></table></div>"
    }

    static func conditions(_ model: MonitorPageModel) -> String {
        guard !model.conditions.isEmpty else { return "<p>No conditions: any response in time counts as up.</p>" }
        let rows = model.conditions.map { row in
            guard let result = row.result else {
                return "<tr><th scope=\"row\"><code>\(PageText.escape(row.condition))</code></th>"
                    + "<td>\(DashboardFrame.stateBadge("pending", label: "Not judged"))</td><td>—</td><td>—</td></tr>"
            }
            let verdict = result.success ? DashboardFrame.stateBadge("pass", label: "Pass")
                : DashboardFrame.stateBadge("fail", label: "Fail")
            let error = result.error.map { " <span class=\"meta\">(\(PageText.escape($0)))</span>" } ?? ""
            return "<tr><th scope=\"row\"><code>\(PageText.escape(row.condition))</code></th><td>\(verdict)</td>"
                + "<td><code>\(PageText.escape(result.actual))</code>\(error)</td><td><code>\(PageText.escape(result.expected))</code></td></tr>"
        }.joined()
        let when = model.conditionsJudgedAt.map { ", as judged by the check of \(PageText.minute($0))" } ?? ""
        return "<div class=\"scroll\"><table><caption>Latest results\(when)</caption><thead><tr><th scope=\"col\">Condition</th>"
            + "<th scope=\"col\">Result</th><th scope=\"col\">Actual</th><th scope=\"col\">Expected</th></tr></thead>"
            + "<tbody>\(rows)</tbody></table></div>"
    }

    static func incidents(_ model: MonitorPageModel) -> String {
        guard !model.incidents.isEmpty else { return "<p>No incidents recorded.</p>" }
        return "<ul>" + model.incidents.map { incident in
            let state = incident.state == .open ? DashboardFrame.stateBadge("open", label: "Open")
                : DashboardFrame.stateBadge("up", label: "Resolved")
            return "<li><a href=\"/dashboard/incidents/\(PageText.escape(incident.id))\">\(PageText.escape(incident.id))</a> "
                + "\(state) \(PageText.escape(incident.failure.code.rawValue)), opened \(PageText.minute(incident.openedAt))"
                + (incident.resolvedAt.map { ", resolved \(PageText.minute($0))" } ?? "") + "</li>"
        }.joined() + "</ul>"
    }

    /// The SLA report of this month so far and of last month, as pages; the same URL without `format=html` is the
    /// signed bundle `trustmonitor verify report` checks.
    static func slaLinks(_ model: MonitorPageModel) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let now = model.generatedAt
        guard let thisMonth = calendar.dateInterval(of: .month, for: now),
              let lastMonth = calendar.dateInterval(of: .month, for: thisMonth.start.addingTimeInterval(-1)) else { return "" }
        func day(_ date: Date) -> String { String(RFC3339.format(date).prefix(10)) }
        func link(_ from: Date, _ through: Date, _ label: String) -> String {
            "<a href=\"/api/v1/monitors/\(PageText.escape(model.monitor.id))/sla?from=\(day(from))&amp;to=\(day(through))"
                + "&amp;format=html\">\(label)</a>"
        }
        return "<p class=\"meta\">SLA report: \(link(thisMonth.start, now, "this month so far")) · "
            + "\(link(lastMonth.start, thisMonth.start.addingTimeInterval(-1), "last month")) "
            + "(without <code>format=html</code>: the signed report, for <code>trustmonitor verify report</code>)</p>"
    }

    /// Each period: when, what was unusual, how it ended. Up all along: none of it is downtime.
    static func degradations(_ model: MonitorPageModel) -> String {
        guard !model.degradations.isEmpty else {
            return "<p class=\"meta\">None: latency and error rate as usual (learned from the monitor's own checks).</p>"
        }
        let items = model.degradations.prefix(20).map { period in
            let badge = period.endedAt == nil ? DashboardFrame.stateBadge("degraded", label: "Ongoing")
                : DashboardFrame.stateBadge("up", label: "Ended")
            let span = "from \(PageText.minute(period.startedAt))"
                + (period.endedAt.map { " to \(PageText.minute($0))" } ?? "")
            let kind = period.kind == .latency ? "latency" : "error rate"
            let ending = period.ending.map { " · \(PageText.escape($0))" } ?? ""
            return "<li>\(badge) \(kind), \(span): \(PageText.escape(period.explanation))\(ending)</li>"
        }
        return "<ul>\(items.joined())</ul>"
    }
}
