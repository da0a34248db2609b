import Foundation

/// The status page's charts as inline SVG, each with a text equivalent (`<title>` per bar, an `aria-label` for
/// the whole), scaled by the browser to the page's width.
enum StatusPageCharts {
    /// One bar per day: green when every check was up, yellow from 99%, red below, grey without checks.
    static func uptimeBars(_ days: [(start: Date, up: Int, checks: Int)]) -> String {
        let width = 3, gap = 1
        let bars = days.enumerated().map { index, day -> String in
            let uptime = day.checks == 0 ? nil : Double(day.up) / Double(day.checks)
            let color = uptime.map { $0 >= 0.999 ? "#2da44e" : $0 >= 0.99 ? "#d4a72c" : "#cf222e" } ?? "#d0d7de"
            let text = uptime.map { String(format: "%.2f%% up", ($0 * 10_000).rounded(.down) / 100) } ?? "no checks"
            return "<rect x=\"\(index * (width + gap))\" y=\"0\" width=\"\(width)\" height=\"24\" rx=\"1\" fill=\"\(color)\">"
                + "<title>\(day.start.formatted(.iso8601.year().month().day())): \(text)</title></rect>"
        }
        let total = days.count * (width + gap) - gap
        let down = days.filter { $0.checks > 0 && $0.up < $0.checks }.count
        return "<svg class=\"bars\" viewBox=\"0 0 \(max(total, 1)) 24\" role=\"img\" "
            + "aria-label=\"\(days.count) days of uptime: \(down) with failed checks\">\(bars.joined())</svg>"
    }

    /// Mean response time per hour over the last day, as a line; hours without checks leave a gap.
    static func responseTimes(_ hours: [(start: Date, milliseconds: Double?)]) -> String {
        let values = hours.compactMap(\.milliseconds)
        guard let highest = values.max(), highest > 0 else {
            return "<p class=\"meta\">No response times in the last 24 hours.</p>"
        }
        let width = 240.0, height = 40.0, step = width / Double(max(hours.count - 1, 1))
        var segments: [[String]] = [[]]
        for (index, hour) in hours.enumerated() {
            guard let value = hour.milliseconds else {
                if !(segments.last?.isEmpty ?? true) { segments.append([]) }
                continue
            }
            let x = Double(index) * step, y = height - 2 - (value / highest) * (height - 4)
            segments[segments.count - 1].append(String(format: "%.1f,%.1f", x, y))
        }
        let lines = segments.filter { !$0.isEmpty }.map {
            "<polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"1.5\" points=\"\($0.joined(separator: " "))\"/>"
        }
        let mean = values.reduce(0, +) / Double(values.count)
        return "<svg class=\"latency\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Response time "
            + "over 24 hours: mean \(Int(mean.rounded())) ms, highest \(Int(highest.rounded())) ms\">\(lines.joined())</svg>"
            + "<p class=\"meta\">Response time, last 24 hours: mean \(Int(mean.rounded())) ms, "
            + "highest hour \(Int(highest.rounded())) ms</p>"
    }
}
