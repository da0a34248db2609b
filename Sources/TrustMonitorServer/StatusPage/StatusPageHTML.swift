import Foundation
import TrustMonitorCore

/// The public status page as one self-contained HTML document: inline CSS and SVG, no script, no external
/// resource, so it works offline, loads fast and reads the same with a screen reader (every chart has a text
/// equivalent).
enum StatusPageHTML {
    /// The page; its monitors (most of it: ninety bars each) are written in pieces at once on every core, then
    /// joined in order.
    static func render(_ model: StatusPageModel) async -> String {
        let banner = banner(model.monitors)
        var html = ""
        html.reserveCapacity(4096 + model.monitors.count * (StatusPageModel.days * 110 + 1200))
        html += """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(model.title))</title>
            <style>\(css)</style></head>
            <body><main>
            <h1>\(escape(model.title))</h1>
            <p class="banner \(banner.0)" role="status">\(escape(banner.1))</p>
            <section aria-labelledby="monitors"><h2 id="monitors">Monitors</h2>

            """
        for piece in await monitorSections(model) { html += piece }
        html += """
            </section>
            <section aria-labelledby="incidents"><h2 id="incidents">Incidents</h2>
            \(model.incidents.isEmpty ? "<p>No incidents recorded.</p>" : model.incidents.map(incident).joined(separator: "\n"))
            </section>
            <footer><p>Updated \(RFC3339.format(model.generatedAt)). Each incident's evidence bundle is signed and
            logged; check one offline with <code>trustmonitor verify bundle FILE --log-key KEY</code>.</p></footer>
            </main></body></html>
            """
        return html
    }

    /// Every group's heading and monitors, in order, as pieces of about `piece` monitors each written by a task of
    /// their own. A configured group has a heading and its monitors a level below; the default group has none.
    static func monitorSections(_ model: StatusPageModel, piece: Int = 100) async -> [String] {
        enum Item: Sendable {
            case heading(String)
            case monitor(StatusPageModel.Monitor, level: Int)
        }
        let items = model.groups.flatMap { group -> [Item] in
            (group.name.map { [Item.heading($0)] } ?? []) + group.monitors.map { .monitor($0, level: group.name == nil ? 3 : 4) }
        }
        let bars = StatusPageCharts.UptimeBars(labels: model.dayLabels)
        let pieces = stride(from: 0, to: items.count, by: piece).map { Array(items[$0..<min($0 + piece, items.count)]) }
        return await withTaskGroup(of: (Int, String).self) { group in
            for (index, piece) in pieces.enumerated() {
                group.addTask {
                    var html = ""
                    html.reserveCapacity(piece.count * (StatusPageModel.days * 110 + 1200))
                    for item in piece {
                        switch item {
                        case .heading(let name): html += "<h3 class=\"group\">\(escape(name))</h3>\n"
                        case .monitor(let monitor, let level): append(monitor, level: level, bars: bars, to: &html)
                        }
                    }
                    return (index, html)
                }
            }
            var written = [String](repeating: "", count: pieces.count)
            for await (index, html) in group { written[index] = html }
            return written
        }
    }

    static func append(_ monitor: StatusPageModel.Monitor, level: Int, bars: StatusPageCharts.UptimeBars,
                       to html: inout String) {
        let checks = monitor.days.reduce(0) { $0 + $1.checks }, up = monitor.days.reduce(0) { $0 + $1.up }
        let uptime = PageText.percent(up: up, of: checks).map { "\($0) up" } ?? "no checks"
        html += """
            <article class="monitor" id="monitor-\(escape(monitor.name))">
            <h\(level)>\(escape(monitor.name)) <span class="state \(monitor.state.rawValue)">\(label(monitor.state))</span></h\(level)>
            <p class="meta">\(escape(monitor.endpoint)) · since \(RFC3339.format(monitor.since)) ·
            <span class="uptime">\(uptime)</span> over \(StatusPageModel.days) days</p>

            """
        if let degradation = monitor.degradation {
            html += "<p class=\"degradation\">Not as usual since \(RFC3339.format(degradation.since)): "
                + "\(escape(degradation.explanation)). Up, and not counted as downtime.</p>\n"
        }
        bars.append(monitor.days, to: &html)
        html += "\n"
        html += StatusPageCharts.responseTimes(monitor.hours)
        html += "\n</article>\n"
    }

    /// One incident: what failed, who confirmed it (each probe and region, and whether its look was signed), who
    /// saw the recovery, and the public link to its signed evidence bundle.
    static func incident(_ incident: Incident) -> String {
        let confirming = incident.verifications.filter { !$0.isUp }
        let regions = Set(confirming.compactMap(\.region)).sorted()
        let resolved = incident.resolvedAt.map { "resolved \(RFC3339.format($0))" } ?? "<strong>ongoing</strong>"
        let recovery = incident.recoveries.isEmpty ? "" : "<p>Recovery confirmed by:</p><ul>"
            + incident.recoveries.map(look).joined() + "</ul>"
        return """
            <article class="incident \(incident.state.rawValue)" id="incident-\(escape(incident.id))">
            <h3>\(escape(incident.monitorName)): \(escape(incident.failure.code.rawValue))</h3>
            <p>Opened \(RFC3339.format(incident.openedAt)), \(resolved). \(escape(incident.failure.message))</p>
            <p>Confirmed by: \(confirming.count) of \(incident.verifications.count) looks saw it down\
            \(regions.isEmpty ? "" : ", from \(regions.count == 1 ? "region" : "regions") \(escape(regions.joined(separator: ", ")))").</p>
            <ul>\(incident.verifications.map(look).joined())</ul>\(recovery)
            <p><a href="/status/incidents/\(escape(incident.id))/bundle">Evidence bundle</a> (signed, verifiable offline)</p>
            </article>
            """
    }

    /// One probe's look: which probe, where, what it saw, and whether the probe signed it.
    static func look(_ verdict: ProbeVerdict) -> String {
        let region = verdict.region.map { " in region \(escape($0))" } ?? ""
        let saw = verdict.isUp ? "up" : "down" + (verdict.observation.failure.map { " (\(escape($0.code.rawValue)))" } ?? "")
        let signed = verdict.attestation != nil ? ", signed by the probe" : ""
        return "<li>\(escape(verdict.probe))\(region), \(verdict.role.rawValue) look: \(saw)\(signed)</li>"
    }

    /// Down beats degraded beats checking: the banner names the worst that is true now.
    static func banner(_ monitors: [StatusPageModel.Monitor]) -> (String, String) {
        let down = monitors.filter { $0.state == .down }, degraded = monitors.filter { $0.state == .degraded }
        if !down.isEmpty { return ("down", down.count == 1 ? "\(down[0].name) is down" : "\(down.count) monitors are down") }
        if !degraded.isEmpty {
            return ("degraded", degraded.count == 1 ? "\(degraded[0].name) is degraded (up, slower or flakier than usual)"
                : "\(degraded.count) monitors are degraded (up, slower or flakier than usual)")
        }
        return monitors.allSatisfy { $0.state == .up } ? ("ok", "All systems operational")
            : ("checking", "Some monitors are being checked")
    }

    static func label(_ state: ShownState) -> String {
        switch state {
        case .up: "Up"
        case .degraded: "Degraded"
        case .down: "Down"
        case .suspect: "Checking"
        case .pending: "Pending"
        case .paused: "Paused"
        }
    }

    static func escape(_ text: String) -> String { PageText.escape(text) }

    static let css = """
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;background:#f6f8fa}
        main{max-width:56rem;margin:0 auto;padding:1rem}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
        h3,h4{font-size:1rem;margin:0 0 .25rem}h3.group{margin-top:1.25rem;color:#57606a}.banner{padding:.75rem 1rem;border-radius:.5rem;font-weight:600;color:#fff}
        .banner.ok{background:#1a7f37}.banner.down{background:#cf222e}.banner.checking{background:#9a6700}.banner.degraded{background:#bc4c00}
        .monitor,.incident{background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:.75rem 1rem;margin:.5rem 0}
        .meta{color:#57606a;font-size:.875rem;margin:.25rem 0;overflow-wrap:anywhere}
        .state{font-size:.8rem;padding:.1rem .5rem;border-radius:1rem;color:#fff;background:#6e7781}
        .state.up{background:#1a7f37}.state.down{background:#cf222e}.state.suspect{background:#9a6700}.state.degraded{background:#bc4c00}
        .degradation{color:#953800;font-size:.875rem;margin:.25rem 0}
        svg{display:block;width:100%;height:auto}.incident.open{border-color:#cf222e}
        a{color:#0969da}code{font-size:.85em}footer{color:#57606a;font-size:.8rem;margin-top:2rem}
        """
}
