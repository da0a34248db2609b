/// What `bench pages` measured: per page, the server's own time (p50, p99, max) and the client's (with the
/// transfer over loopback), and the page's size.
struct BenchPagesReport {
    struct Page {
        var path: String
        /// Milliseconds inside the server for the page's very first request (cold caches), not counted in `server`.
        var first: Double
        /// Milliseconds inside the server, per request.
        var server: [Double]
        /// Milliseconds from sending the request to the last byte received, per request.
        var client: [Double]
        var bytes: Int
    }

    var backend: String
    var monitors: Int
    var days: Int
    var rollups: Int
    var seedSeconds: Double
    var pages: [Page]

    /// The nearest-rank percentile (`p` in 0...1); 0 without values.
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    private static func format(_ value: Double) -> String { String((value * 10).rounded() / 10) }

    var text: String {
        var lines = ["\(monitors) monitors, \(days) days of hourly and daily rollups (\(rollups) rows) on \(backend), "
                     + "seeded in \(Self.format(seedSeconds)) s; \(pages.first?.server.count ?? 0) requests per page, one at a time",
                     "page                                    first | server p50   p99    max | client p50   p99 | size"]
        for page in pages {
            let path = page.path.count > 38 ? String(page.path.prefix(35)) + "..." : page.path
            func column(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
            lines.append(path.padding(toLength: 38, withPad: " ", startingAt: 0) + column(Self.format(page.first), 7) + " |"
                + column(Self.format(Self.percentile(page.server, 0.5)), 11) + column(Self.format(Self.percentile(page.server, 0.99)), 6)
                + column(Self.format(page.server.max() ?? 0), 7) + " |"
                + column(Self.format(Self.percentile(page.client, 0.5)), 11) + column(Self.format(Self.percentile(page.client, 0.99)), 6)
                + " | \(page.bytes / 1024) KiB")
        }
        lines.append("(milliseconds; server: the request reaching the router until its response is made; first: the first "
                     + "request, not counted in the others)")
        return lines.joined(separator: "\n")
    }

    var json: String {
        let items = pages.map { page in
            "{\"path\":\"\(page.path)\",\"requests\":\(page.server.count),\"first_ms\":\(Self.format(page.first)),\"server_p50_ms\":\(Self.format(Self.percentile(page.server, 0.5))),"
                + "\"server_p99_ms\":\(Self.format(Self.percentile(page.server, 0.99))),\"server_max_ms\":\(Self.format(page.server.max() ?? 0)),"
                + "\"client_p50_ms\":\(Self.format(Self.percentile(page.client, 0.5))),"
                + "\"client_p99_ms\":\(Self.format(Self.percentile(page.client, 0.99))),\"bytes\":\(page.bytes)}"
        }
        return "{\"backend\":\"\(backend)\",\"monitors\":\(monitors),\"days\":\(days),\"rollups\":\(rollups),"
            + "\"seed_seconds\":\(Self.format(seedSeconds)),\"pages\":[\(items.joined(separator: ","))]}"
    }
}
