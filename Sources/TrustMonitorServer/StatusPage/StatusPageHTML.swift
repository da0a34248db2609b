import Foundation
import TrustMonitorCore

/// The public status page as one self-contained HTML document: inline CSS and SVG, no script, no external
/// resource, so it works offline, loads fast and reads the same with a screen reader (every chart has a text
/// equivalent).
enum StatusPageHTML {
    static func render(_ model: StatusPageModel) -> String {
        let down = model.monitors.filter { $0.state == .down }
        let banner = down.isEmpty
            ? (model.monitors.allSatisfy { $0.state == .up } ? ("ok", "All systems operational")
                : ("checking", "Some monitors are being checked"))
            : ("down", down.count == 1 ? "\(down[0].name) is down" : "\(down.count) monitors are down")
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(model.title))</title>
            <style>\(css)</style></head>
            <body><main>
            <h1>\(escape(model.title))</h1>
            <p class="banner \(banner.0)" role="status">\(escape(banner.1))</p>
            <section aria-labelledby="monitors"><h2 id="monitors">Monitors</h2>
            \(model.groups.map(group).joined(separator: "\n"))
            </section>
            <section aria-labelledby="incidents"><h2 id="incidents">Incidents</h2>
            \(model.incidents.isEmpty ? "<p>No incidents recorded.</p>" : model.incidents.map(incident).joined(separator: "\n"))
            </section>
            <footer><p>Updated \(RFC3339.format(model.generatedAt)). Each incident's evidence bundle is signed and
            logged; check one offline with <code>trustmonitor verify bundle FILE --log-key KEY</code>.</p></footer>
            </main></body></html>
            """
    }

    /// A configured group under its heading, its monitors a level below; the default group has no heading.
    static func group(_ group: StatusPageModel.Group) -> String {
        guard let name = group.name else { return group.monitors.map { monitor($0, level: 3) }.joined(separator: "\n") }
        return "<h3 class=\"group\">\(escape(name))</h3>\n" + group.monitors.map { monitor($0, level: 4) }.joined(separator: "\n")
    }

    static func monitor(_ monitor: StatusPageModel.Monitor, level: Int) -> String {
        let uptime = monitor.uptime.map { String(format: "%.2f%%", ($0 * 10_000).rounded(.down) / 100) } ?? "no data"
        return """
            <article class="monitor" id="monitor-\(escape(monitor.name))">
            <h\(level)>\(escape(monitor.name)) <span class="state \(monitor.state.rawValue)">\(label(monitor.state))</span></h\(level)>
            <p class="meta">\(escape(monitor.endpoint)) · since \(RFC3339.format(monitor.since)) ·
            <span class="uptime">\(uptime)</span> up over \(StatusPageModel.days) days</p>
            \(StatusPageCharts.uptimeBars(monitor.days))
            \(StatusPageCharts.responseTimes(monitor.hours))
            </article>
            """
    }

    static func incident(_ incident: Incident) -> String {
        let looks = incident.verifications.map { verdict in
            let region = verdict.region.map { " (\(escape($0)))" } ?? ""
            let signed = verdict.attestation != nil ? ", signed" : ""
            return "<li>\(escape(verdict.probe))\(region): \(verdict.observation.verdict.rawValue)\(signed)</li>"
        }.joined()
        let resolved = incident.resolvedAt.map { "resolved \(RFC3339.format($0))" } ?? "<strong>ongoing</strong>"
        return """
            <article class="incident \(incident.state.rawValue)" id="incident-\(escape(incident.id))">
            <h3>\(escape(incident.monitorName)): \(escape(incident.failure.code.rawValue))</h3>
            <p>Opened \(RFC3339.format(incident.openedAt)), \(resolved). \(escape(incident.failure.message))</p>
            <p>Confirmed by:</p><ul>\(looks)</ul>
            <p><a href="/api/v1/incidents/\(escape(incident.id))/bundle">Evidence bundle</a> (signed, verifiable offline)</p>
            </article>
            """
    }

    static func label(_ state: MonitorState) -> String {
        switch state {
        case .up: "Up"
        case .down: "Down"
        case .suspect: "Checking"
        case .pending: "Pending"
        case .paused: "Paused"
        }
    }

    static func escape(_ text: String) -> String { Badge.escape(text) }

    static let css = """
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;background:#f6f8fa}
        main{max-width:56rem;margin:0 auto;padding:1rem}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
        h3,h4{font-size:1rem;margin:0 0 .25rem}h3.group{margin-top:1.25rem;color:#57606a}.banner{padding:.75rem 1rem;border-radius:.5rem;font-weight:600;color:#fff}
        .banner.ok{background:#1a7f37}.banner.down{background:#cf222e}.banner.checking{background:#9a6700}
        .monitor,.incident{background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:.75rem 1rem;margin:.5rem 0}
        .meta{color:#57606a;font-size:.875rem;margin:.25rem 0;overflow-wrap:anywhere}
        .state{font-size:.8rem;padding:.1rem .5rem;border-radius:1rem;color:#fff;background:#6e7781}
        .state.up{background:#1a7f37}.state.down{background:#cf222e}.state.suspect{background:#9a6700}
        svg{display:block;width:100%;height:auto}.incident.open{border-color:#cf222e}
        a{color:#0969da}code{font-size:.85em}footer{color:#57606a;font-size:.8rem;margin-top:2rem}
        """
}
