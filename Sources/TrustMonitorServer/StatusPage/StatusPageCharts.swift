import Foundation

/// The status page's charts as inline SVG, each with a text equivalent (`<title>` per bar, an `aria-label` for
/// the whole), scaled by the browser to the page's width. Written with appends of precomputed pieces: a page of
/// a thousand monitors draws ninety thousand bars.
enum StatusPageCharts {
    static let barWidth = 3, barGap = 1

    /// One bar per day: green when every check was up, yellow from 99%, red below, grey without checks; each
    /// bar's `<title>` says its day and figure, so colour is never the only signal.
    static func uptimeBars(_ days: [RollupGrid.Cell], labels: [String]) -> String {
        var svg = ""
        UptimeBars(labels: labels).append(days, to: &svg)
        return svg
    }

    /// The bars of every monitor on one page: the same days for all, so a day without checks and a day with every
    /// check up (most days, on most pages) are each one string made once per page, and only the other days are
    /// put together bar by bar.
    struct UptimeBars {
        let labels: [String]
        private let empty: [String]
        private let perfect: [String]

        init(labels: [String]) {
            self.labels = labels
            empty = labels.indices.map { StatusPageCharts.bar($0, color: "#d0d7de", title: labels[$0] + ": no checks") }
            perfect = labels.indices.map { StatusPageCharts.bar($0, color: "#2da44e", title: labels[$0] + ": 100.00% up") }
        }

        func append(_ days: [RollupGrid.Cell], to svg: inout String) {
            let total = days.count * (barWidth + barGap) - barGap
            let failing = days.filter { $0.checks > 0 && $0.up < $0.checks }.count
            svg += "<svg class=\"bars\" viewBox=\"0 0 \(max(total, 1)) 24\" role=\"img\" aria-label=\"\(days.count) days of uptime: "
            svg += "\(failing) with failed checks\">"
            for (index, day) in days.enumerated() {
                if index < labels.count, day.checks == 0 || day.up == day.checks {
                    svg += day.checks == 0 ? empty[index] : perfect[index]
                } else {
                    let label = index < labels.count ? labels[index] : "day \(index + 1)"
                    let figure = PageText.percent(up: day.up, of: day.checks).map { $0 + " up" } ?? "no checks"
                    svg += StatusPageCharts.bar(index, color: color(day), title: label + ": " + figure)
                }
            }
            svg += "</svg>"
        }
    }

    static func bar(_ index: Int, color: String, title: String) -> String {
        "<rect x=\"\(index * (barWidth + barGap))\" y=\"0\" width=\"\(barWidth)\" height=\"24\" rx=\"1\" fill=\"\(color)\">"
            + "<title>\(title)</title></rect>"
    }

    static func color(_ day: RollupGrid.Cell) -> String {
        guard day.checks > 0 else { return "#d0d7de" }
        // In basis points, as the figure is written: 99.90% is green, 99.89% is not.
        let basisPoints = day.up * 10_000 / day.checks
        return basisPoints >= 9_990 ? "#2da44e" : basisPoints >= 9_900 ? "#d4a72c" : "#cf222e"
    }

    /// Mean response time per hour over the last day, as a line; hours without checks leave a gap.
    static func responseTimes(_ hours: [RollupGrid.Cell]) -> String {
        let values = hours.compactMap(\.meanMs)
        guard let highest = values.max(), highest > 0 else {
            return "<p class=\"meta\">No response times in the last 24 hours.</p>"
        }
        let xs = hours.count == hourXs.count ? hourXs : xPositions(hours.count)
        // Runs of hours with checks become lines; an hour alone between gaps, a dot (a line of one point shows nothing).
        var lines = "", run: [(x: String, y: String)] = []
        func close() {
            if run.count == 1 {
                lines += "<circle fill=\"#0969da\" r=\"1.5\" cx=\"\(run[0].x)\" cy=\"\(run[0].y)\"/>"
            } else if !run.isEmpty {
                lines += "<polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"1.5\" points=\""
                    + run.map { $0.x + "," + $0.y }.joined(separator: " ") + "\"/>"
            }
            run.removeAll(keepingCapacity: true)
        }
        for (index, hour) in hours.enumerated() {
            guard let value = hour.meanMs else {
                close()
                continue
            }
            run.append((xs[index], PageText.oneDecimal(latencyHeight - 2 - (value / highest) * (latencyHeight - 4))))
        }
        close()
        let mean = Int((values.reduce(0, +) / Double(values.count)).rounded()), top = Int(highest.rounded())
        return "<svg class=\"latency\" viewBox=\"0 0 \(Int(latencyWidth)) \(Int(latencyHeight))\" role=\"img\" "
            + "aria-label=\"Response time over 24 hours: mean \(mean) ms, highest \(top) ms\">\(lines)</svg>"
            + "<p class=\"meta\">Response time, last 24 hours: mean \(mean) ms, highest hour \(top) ms</p>"
    }

    static let latencyWidth = 240.0, latencyHeight = 40.0

    /// Each point's x, spread over the chart's width; the same for every monitor.
    static func xPositions(_ count: Int) -> [String] {
        let step = latencyWidth / Double(max(count - 1, 1))
        return (0..<count).map { PageText.oneDecimal(Double($0) * step) }
    }

    private static let hourXs = xPositions(24)
}
