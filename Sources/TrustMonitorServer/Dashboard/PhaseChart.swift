import Foundation
import TrustMonitorCore
import TrustMonitorStore

/// Where a check's time went, check by check: one stacked bar per check (dns, connect, tls, time to first byte,
/// transfer), as inline SVG. The chart has a summary as its label, a legend in words, and the figures in a table
/// beside it, so neither colour nor the picture is the only way to read it.
enum PhaseChart {
    struct Phase: Sendable {
        var name: String
        var color: String
        var value: @Sendable (Phases) -> Double?
    }

    static let phases = [
        Phase(name: "DNS", color: "#8250df") { $0.dns }, Phase(name: "Connect", color: "#0969da") { $0.connect },
        Phase(name: "TLS", color: "#1a7f37") { $0.tls }, Phase(name: "First byte", color: "#bf8700") { $0.ttfb },
        Phase(name: "Transfer", color: "#bc4c00") { $0.transfer },
    ]

    static func render(_ samples: [ObservationRecord]) -> String {
        guard !samples.isEmpty else { return "<p>No checks recorded yet.</p>" }
        let width = 600.0, height = 160.0, slot = width / Double(samples.count), bar = max(slot * 0.7, 1)
        let highest = samples.map { stacked($0.observation.phases) }.max() ?? 0
        let scale = highest > 0 ? (height - 4) / highest : 0
        var shapes = ""
        for (index, sample) in samples.enumerated() {
            let x = PageText.oneDecimal(Double(index) * slot + (slot - bar) / 2), w = PageText.oneDecimal(bar)
            let observation = sample.observation
            var top = height
            for phase in phases {
                guard let value = phase.value(observation.phases), value > 0 else { continue }
                let h = value * scale
                top -= h
                shapes += "<rect x=\"\(x)\" y=\"\(PageText.oneDecimal(top))\" width=\"\(w)\" height=\"\(PageText.oneDecimal(h))\" "
                    + "fill=\"\(phase.color)\"/>"
            }
            if observation.verdict == .down {
                // A failed check is marked below its bar, whatever its phases reached.
                shapes += "<rect x=\"\(x)\" y=\"\(PageText.oneDecimal(height + 2))\" width=\"\(w)\" height=\"4\" fill=\"#cf222e\"/>"
            }
        }
        let totals = samples.compactMap(\.observation.phases.total).sorted()
        let median = totals.isEmpty ? "no total" : "median total \(Int(totals[totals.count / 2].rounded())) ms"
        let failed = samples.filter { $0.observation.verdict == .down }.count
        let label = "Phase times of the last \(samples.count) checks, oldest first: \(median), slowest stack "
            + "\(Int(highest.rounded())) ms, \(failed) failed (marked by a red line below the bar)"
        let legend = phases.map { "<li><span class=\"swatch\" style=\"background:\($0.color)\"></span>\($0.name)</li>" }
            .joined() + "<li><span class=\"swatch\" style=\"background:#cf222e\"></span>Failed check (line below)</li>"
        return """
            <svg class="phases" viewBox="0 0 \(Int(width)) \(Int(height) + 6)" role="img" aria-label="\(PageText.escape(label))">\
            \(shapes)</svg>
            <ul class="legend">\(legend)</ul>
            <details><summary>The figures (ms)</summary>\(table(samples))</details>
            """
    }

    /// The chart's figures, newest first.
    static func table(_ samples: [ObservationRecord]) -> String {
        func cell(_ value: Double?) -> String { "<td class=\"num\">\(value.map(PageText.oneDecimal) ?? "—")</td>" }
        let rows = samples.reversed().map { sample in
            let observation = sample.observation
            let result = observation.verdict == .up ? "up" : "down" + (observation.failure.map { ": \($0.code.rawValue)" } ?? "")
            return "<tr><th scope=\"row\"><time datetime=\"\(RFC3339.format(observation.startedAt))\">"
                + "\(PageText.minute(observation.startedAt))</time></th><td>\(PageText.escape(sample.probe))</td>"
                + phases.map { cell($0.value(observation.phases)) }.joined() + cell(observation.phases.total)
                + "<td>\(PageText.escape(result))</td></tr>"
        }.joined()
        return "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Started</th><th scope=\"col\">Probe</th>"
            + phases.map { "<th scope=\"col\" class=\"num\">\($0.name)</th>" }.joined()
            + "<th scope=\"col\" class=\"num\">Total</th><th scope=\"col\">Result</th></tr></thead><tbody>\(rows)</tbody></table></div>"
    }

    /// The height of a check's bar: its phases one on another.
    static func stacked(_ phases: Phases) -> Double {
        self.phases.reduce(0) { $0 + max($1.value(phases) ?? 0, 0) }
    }
}
