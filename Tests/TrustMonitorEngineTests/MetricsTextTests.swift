import Testing
@testable import TrustMonitorEngine

/// The Prometheus text renderer: exact text for small families, escaping, histograms, order.
@Suite struct MetricsTextTests {
    @Test(arguments: [
        ("plain", "plain"),
        (#"back\slash"#, #"back\\slash"#),
        (#"say "hi""#, #"say \"hi\""#),
        ("two\nlines", #"two\nlines"#),
        ("crlf\r\nend", "crlf\r\\nend"),
        ("ünïcode ✓", "ünïcode ✓"),
    ])
    func labelValuesAreEscaped(raw: String, escaped: String) {
        var text = MetricsText()
        text.gauge("g", help: "h", [.init([("monitor", raw)], 1)])
        #expect(text.text == "# HELP g h\n# TYPE g gauge\ng{monitor=\"\(escaped)\"} 1\n")
    }

    @Test func helpEscapesBackslashAndNewlineButNotQuotes() {
        var text = MetricsText()
        text.counter("c_total", help: "a \"b\" c\\d\ne", [.init([], 3)])
        #expect(text.text == "# HELP c_total a \"b\" c\\\\d\\ne\n# TYPE c_total counter\nc_total 3\n")
    }

    @Test(arguments: [
        (1.0, "1"), (0.0, "0"), (12345.0, "12345"), (0.005, "0.005"), (2.5, "2.5"), (-1.5, "-1.5"),
        (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"), (Double.nan, "NaN"), (1e20, "1e+20"),
    ])
    func numbers(value: Double, expected: String) {
        #expect(MetricsText.number(value) == expected)
    }

    @Test func histogramBucketsAreCumulativeWithInfEqualToCount() {
        var histogram = Histogram(bounds: [0.1, 1, 10])
        for value in [0.05, 0.1, 0.5, 0.7, 5, 20] { histogram.observe(value) }
        var text = MetricsText()
        text.histogram("d_seconds", help: "durations", [.init([("phase", "total")], histogram)])
        #expect(text.text == """
            # HELP d_seconds durations
            # TYPE d_seconds histogram
            d_seconds_bucket{phase="total",le="0.1"} 2
            d_seconds_bucket{phase="total",le="1"} 4
            d_seconds_bucket{phase="total",le="10"} 5
            d_seconds_bucket{phase="total",le="+Inf"} 6
            d_seconds_sum{phase="total"} 26.35
            d_seconds_count{phase="total"} 6

            """)
        #expect(histogram.count == 6)
    }

    @Test func emptyHistogramStillHasEveryBucket() {
        var text = MetricsText()
        text.histogram("h", help: "x", [.init([], Histogram(bounds: Histogram.checkSeconds))])
        let lines = text.text.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("h_bucket{") }.count == Histogram.checkSeconds.count + 1)
        #expect(lines.contains("h_bucket{le=\"+Inf\"} 0"))
        #expect(lines.contains("h_count 0") && lines.contains("h_sum 0"))
    }

    @Test func seriesOrderDoesNotDependOnInsertionOrder() {
        let series: [MetricsText.Series<Double>] = [
            .init([("monitor", "b"), ("result", "up")], 1),
            .init([("monitor", "a"), ("result", "http_5xx")], 2),
            .init([("monitor", "a"), ("result", "dns_failure")], 3),
        ]
        var forward = MetricsText(), backward = MetricsText()
        forward.counter("x_total", help: "x", series)
        backward.counter("x_total", help: "x", series.reversed())
        #expect(forward.text == backward.text)
        #expect(forward.text.split(separator: "\n").dropFirst(2).map(String.init) == [
            #"x_total{monitor="a",result="dns_failure"} 3"#,
            #"x_total{monitor="a",result="http_5xx"} 2"#,
            #"x_total{monitor="b",result="up"} 1"#,
        ])
    }
}
