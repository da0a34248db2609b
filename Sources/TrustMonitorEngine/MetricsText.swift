/// Writes metrics in the Prometheus text exposition format, version 0.0.4, by hand: the format is small and a
/// dependency for it would be bigger than this file.
///
/// Families come out in the order they are added, each with its HELP and TYPE lines; within a family the series
/// are sorted by their label values, so the same metrics always render to the same text.
public struct MetricsText: Sendable {
    public enum Kind: String, Sendable { case counter, gauge, histogram }

    /// The value of one series, with its labels in the order they are written.
    public struct Series<Value: Sendable>: Sendable {
        public var labels: [(name: String, value: String)]
        public var value: Value

        public init(_ labels: [(name: String, value: String)], _ value: Value) {
            self.labels = labels
            self.value = value
        }
    }

    public private(set) var text = ""

    public init() {}

    public mutating func counter(_ name: String, help: String, _ series: [Series<Double>]) {
        family(name, help: help, kind: .counter)
        for one in sorted(series) { sample(name, one.labels, one.value) }
    }

    public mutating func gauge(_ name: String, help: String, _ series: [Series<Double>]) {
        family(name, help: help, kind: .gauge)
        for one in sorted(series) { sample(name, one.labels, one.value) }
    }

    /// Cumulative `_bucket` series (the last one `le="+Inf"`, equal to `_count`), then `_sum` and `_count`.
    public mutating func histogram(_ name: String, help: String, _ series: [Series<Histogram>]) {
        family(name, help: help, kind: .histogram)
        for one in sorted(series) {
            var cumulative = 0
            for (index, count) in one.value.counts.enumerated() {
                cumulative += count
                let bound = index < one.value.bounds.count ? Self.number(one.value.bounds[index]) : "+Inf"
                sample(name + "_bucket", one.labels + [("le", bound)], Double(cumulative))
            }
            sample(name + "_sum", one.labels, one.value.sum)
            sample(name + "_count", one.labels, Double(one.value.count))
        }
    }

    private mutating func family(_ name: String, help: String, kind: Kind) {
        text += "# HELP \(name) \(Self.escape(help, quotes: false))\n# TYPE \(name) \(kind.rawValue)\n"
    }

    private mutating func sample(_ name: String, _ labels: [(name: String, value: String)], _ value: Double) {
        text += name
        if !labels.isEmpty {
            text += "{" + labels.map { "\($0.name)=\"\(Self.escape($0.value))\"" }.joined(separator: ",") + "}"
        }
        text += " " + Self.number(value) + "\n"
    }

    private func sorted<Value>(_ series: [Series<Value>]) -> [Series<Value>] {
        series.sorted { $0.labels.map(\.value).lexicographicallyPrecedes($1.labels.map(\.value)) }
    }

    /// Label values escape backslash, double quote and line feed; HELP text only backslash and line feed.
    static func escape(_ value: String, quotes: Bool = true) -> String {
        var out = ""
        // By scalar: "\r\n" is one Character, and its line feed must still be escaped.
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"" where quotes: out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whole numbers without a fraction (counts read as counts), others as Swift's shortest round-trip form,
    /// which Go's ParseFloat (Prometheus) reads back exactly.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }
}

/// Counts of observations at or below each bound (not cumulative here; the text makes them so), plus their sum.
public struct Histogram: Sendable, Equatable {
    /// Upper bounds, ascending; one more count than bounds holds everything above the last (`+Inf`).
    public let bounds: [Double]
    public private(set) var counts: [Int]
    public private(set) var sum = 0.0

    public init(bounds: [Double]) {
        self.bounds = bounds
        self.counts = [Int](repeating: 0, count: bounds.count + 1)
    }

    public var count: Int { counts.reduce(0, +) }

    public mutating func observe(_ value: Double) {
        counts[bounds.firstIndex { value <= $0 } ?? bounds.count] += 1
        sum += value
    }

    /// Check phase durations, in seconds: 5 ms to 10 s.
    public static let checkSeconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
}
