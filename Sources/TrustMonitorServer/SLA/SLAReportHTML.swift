import Foundation
public import TrustMonitorCore

/// The SLA report as a page a person hands to a customer: one self-contained HTML document (inline CSS, no script,
/// nothing external) with the headline figures, incidents, coverage, degraded time, each day, the definitions, and
/// how to verify it. It shows the signed report's figures; the signed JSON is what proves them.
public enum SLAReportHTML {
    /// - Parameters:
    ///   - digest: the SHA-256 (hex) of the signed report's bytes, which the JSON bundle carries.
    ///   - keyID: the report key's label (`name+8hex`) that signed it.
    public static func render(_ report: SLAReport, digest: String, keyID: String) -> String {
        let figures = report.figures
        let title = "SLA report: \(report.monitor.name)"
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>\(css)</style></head>
            <body><main>
            <h1>\(escape(title))</h1>
            <p class="lead"><strong>\(escape(report.monitor.name))</strong> (\(escape(report.monitor.endpoint)), checked every
            \(interval(report.monitor.intervalMs))), from <strong>\(time(report.period.from))</strong> to
            <strong>\(time(report.period.to))</strong> (\(duration(figures.periodSeconds))).</p>
            <section aria-labelledby="figures"><h2 id="figures">Figures</h2>
            <div class="cards">
            \(card("Uptime", percent(figures.uptimePercent), "where checks vouch"))
            \(card("Strict uptime", percent(figures.strictUptimePercent), "unobserved time counted as down"))
            \(card("Downtime", duration(figures.downtimeSeconds), "\(report.incidents.count) incident(s)"))
            \(card("Check coverage", percent(figures.coveragePercent), "\(figures.checksRun) of \(figures.checksDue) checks"))
            \(card("Degraded", duration(figures.degradedSeconds), "up, not as usual; not downtime"))
            \(card("Maintenance", duration(figures.maintenanceSeconds),
                   report.includeMaintenance ? "counted like any other time" : "left out of the SLA"))
            </div>
            <table class="figures"><tbody>
            \(row("Period", figures.periodSeconds))
            \(row("Before the monitor existed (out of scope)", figures.beforeCreationSeconds))
            \(row("Maintenance", figures.maintenanceSeconds))
            \(row("Counted (the SLA's time)", figures.countedSeconds))
            \(row("Unobserved (no check vouches)", figures.unobservedSeconds))
            \(row("Observed", figures.observedSeconds))
            \(row("Downtime", figures.downtimeSeconds))
            \(row("Degraded", figures.degradedSeconds))
            </tbody></table>
            </section>
            <section aria-labelledby="incidents"><h2 id="incidents">Incidents</h2>
            \(incidents(report))
            </section>
            <section aria-labelledby="degraded"><h2 id="degraded">Degraded periods</h2>
            \(degradations(report))
            </section>
            <section aria-labelledby="days"><h2 id="days">Day by day</h2>
            \(days(report))
            </section>
            \(report.notes.isEmpty ? "" : "<section aria-labelledby=\"notes\"><h2 id=\"notes\">Notes</h2><ul>"
                + report.notes.map { "<li>\(escape($0))</li>" }.joined() + "</ul></section>")
            <section aria-labelledby="definitions"><h2 id="definitions">Definitions</h2><dl>
            \(report.definitions.keys.sorted().map { "<dt>\(escape($0))</dt><dd>\(escape(report.definitions[$0] ?? ""))</dd>" }
                .joined(separator: "\n"))
            </dl></section>
            <section aria-labelledby="verify"><h2 id="verify">How to verify</h2>
            <p>This page shows a report signed with the server's report key and backed by its append-only ledger. Ask for
            the signed JSON form (<code>trustmonitor report sla --format json</code>, or the API with
            <code>format=json</code>) and check it offline, with no access to the server:</p>
            <pre>trustmonitor verify report report.json --log-key LOG_VKEY --report-key REPORT_VKEY</pre>
            <p>It checks the signatures, that every incident and daily summary is in the ledger, and that the figures
            follow from them.</p>
            <table class="figures"><tbody>
            <tr><th>Report SHA-256</th><td><code>\(escape(digest))</code></td></tr>
            <tr><th>Signed by key</th><td><code>\(escape(keyID))</code></td></tr>
            <tr><th>Generated</th><td>\(time(report.generatedAt))</td></tr>
            </tbody></table>
            </section>
            </main></body></html>
            """
    }

    /// Each period with what was unusual and how it ended: up all along, none of it downtime.
    private static func degradations(_ report: SLAReport) -> String {
        guard !report.degradations.isEmpty else {
            return "<p>None: latency and error rate were as usual (as learned from the monitor's own checks).</p>"
        }
        let rows = report.degradations.map { period in
            "<tr><td>\(period.kind == "latency" ? "Latency" : "Error rate")</td><td>\(time(period.startedAt))</td>"
                + "<td>\(period.endedAt.map(time) ?? "ongoing")</td><td>\(escape(period.explanation))</td>"
                + "<td>\(escape(period.ending ?? ""))</td></tr>"
        }
        return "<table><thead><tr><th>Kind</th><th>From</th><th>To</th><th>What was unusual</th><th>How it ended</th>"
            + "</tr></thead><tbody>\(rows.joined(separator: "\n"))</tbody></table>"
    }

    private static func incidents(_ report: SLAReport) -> String {
        guard !report.incidents.isEmpty else { return "<p>No incidents in this period.</p>" }
        let rows = report.incidents.map { incident in
            "<tr><td><code>\(escape(incident.id))</code></td><td>\(time(incident.openedAt))</td>"
                + "<td>\(incident.resolvedAt.map(time) ?? "open")</td><td>\(duration(incident.secondsInPeriod))</td>"
                + "<td><code>\(escape(incident.failure.code))</code> \(escape(incident.failure.message))</td>"
                + "<td>\(incident.ledgerSeqs.map(String.init).joined(separator: ", "))</td></tr>"
        }
        return "<table><thead><tr><th>Incident</th><th>Opened</th><th>Resolved</th><th>In period (maintenance included)</th><th>Failure</th>"
            + "<th>Ledger entries</th></tr></thead><tbody>\n" + rows.joined(separator: "\n") + "\n</tbody></table>"
    }

    private static func days(_ report: SLAReport) -> String {
        guard !report.days.isEmpty else { return "<p>The monitor did not exist in this period.</p>" }
        let rows = report.days.map { day in
            "<tr><td>\(escape(day.day))</td><td>\(duration(day.downSeconds))</td><td>\(duration(day.degradedSeconds))</td>"
                + "<td>\(duration(day.maintenanceSeconds))</td><td>\(duration(day.unobservedSeconds))</td>"
                + "<td>\(day.checksRun) / \(day.checksDue)</td><td>\(day.summarySeq.map { "ledger entry \($0)" } ?? "computed")</td></tr>"
        }
        return "<table><thead><tr><th>Day (UTC)</th><th>Down</th><th>Degraded</th><th>Maintenance</th><th>Unobserved</th>"
            + "<th>Checks run / due</th><th>Source</th></tr></thead><tbody>\n" + rows.joined(separator: "\n")
            + "\n</tbody></table>"
    }

    private static func card(_ label: String, _ value: String, _ detail: String) -> String {
        "<div class=\"card\"><div class=\"label\">\(escape(label))</div><div class=\"value\">\(escape(value))</div>"
            + "<div class=\"detail\">\(escape(detail))</div></div>"
    }

    private static func row(_ label: String, _ value: Int64) -> String {
        "<tr><th>\(escape(label))</th><td>\(duration(value))</td><td class=\"num\">\(value) s</td></tr>"
    }

    /// Three decimals, rounded down, so 99.9999% never reads 100.000%; "n/a" when there is nothing to divide by.
    public static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        let thousandths = Int64((value * 1000).rounded(.down))
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)%"
    }

    /// `2 d 3 h 4 min 5 s`, largest units first, zero units left out ("0 s" for none).
    static func duration(_ seconds: Int64) -> String {
        let parts = [(seconds / 86_400, "d"), (seconds / 3600 % 24, "h"), (seconds / 60 % 60, "min"), (seconds % 60, "s")]
            .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return parts.isEmpty ? "0 s" : parts.joined(separator: " ")
    }

    private static func interval(_ milliseconds: Int64) -> String {
        milliseconds % 1000 == 0 ? duration(milliseconds / 1000) : "\(milliseconds) ms"
    }

    private static func time(_ date: Date) -> String {
        let text = RFC3339.format(date)
        return "\(text.prefix(10)) \(text.dropFirst(11).prefix(8)) UTC"
    }

    private static func escape(_ text: String) -> String { PageText.escape(text) }

    private static let css = """
        body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1c2024;background:#fff;margin:0}
        main{max-width:960px;margin:0 auto;padding:24px}h1{font-size:26px;margin:0 0 8px}h2{font-size:19px;margin:28px 0 10px;
        border-bottom:1px solid #dde1e5;padding-bottom:4px}.lead{color:#3b4249}
        .cards{display:grid;grid-template-columns:repeat(3,1fr);gap:12px;margin:12px 0}.card{border:1px solid #dde1e5;
        border-radius:8px;padding:10px 12px}@media (max-width:600px){.cards{grid-template-columns:1fr 1fr}}.label{font-size:13px;color:#59616a}.value{font-size:22px;font-weight:600}
        .detail{font-size:12px;color:#59616a}table{border-collapse:collapse;width:100%;font-size:14px;margin:8px 0}
        th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eceff2;vertical-align:top}td.num{text-align:right;
        color:#59616a}table.figures th{width:45%;font-weight:500}code,pre{font:13px ui-monospace,Menlo,monospace}
        pre{background:#f5f7f9;padding:10px;border-radius:6px;overflow-x:auto}dt{font-weight:600;margin-top:6px}
        dd{margin:0 0 4px 0;color:#3b4249}@media print{main{padding:0}.card{break-inside:avoid}}
        """
}
