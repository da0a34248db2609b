/// Durations as people write them in configs and conditions: `500ms`, `5s`, `1m30s`, `72h`, `1.5s`.
///
/// Go's `time.ParseDuration` units (ns, us/µs, ms, s, m, h) so that Gatus users' values work unchanged,
/// plus `d` for days, which certificate-expiry conditions want. A bare number is rejected: a unit is required
/// so that "5" never silently means 5 ns or 5 s.
public enum DurationText {
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let text: String
        public let reason: String
        public var description: String { "invalid duration '\(text)': \(reason)" }
    }

    private static let units: [(suffix: String, seconds: Double)] = [
        ("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400),
    ]

    public static func parse(_ text: String) throws(ParseError) -> Duration {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw ParseError(text: text, reason: "empty") }
        var rest = Substring(trimmed)
        var negative = false
        if rest.first == "-" || rest.first == "+" {
            negative = rest.first == "-"
            rest = rest.dropFirst()
        }
        var totalSeconds = 0.0
        while !rest.isEmpty {
            let numberText = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !numberText.isEmpty, let number = Double(numberText) else {
                throw ParseError(text: text, reason: "expected a number at '\(rest)'")
            }
            rest = rest.dropFirst(numberText.count)
            let unitText = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard let unit = units.first(where: { $0.suffix == unitText }) else {
                let reason = unitText.isEmpty
                    ? "missing unit (use ms, s, m, h or d)" : "unknown unit '\(unitText)' (use ms, s, m, h or d)"
                throw ParseError(text: text, reason: reason)
            }
            rest = rest.dropFirst(unitText.count)
            totalSeconds += number * unit.seconds
        }
        guard totalSeconds < 9e9 else { throw ParseError(text: text, reason: "too long") }
        let duration = Duration.nanoseconds(Int64((totalSeconds * 1e9).rounded()))
        return negative ? .zero - duration : duration
    }

    /// The shortest exact text for a duration, for output and error messages: `1.5s`, `250ms`, `2m`.
    public static func format(_ duration: Duration) -> String {
        let ms = duration.milliseconds
        if ms == 0 { return "0s" }
        if ms % 3_600_000 == 0 { return "\(ms / 3_600_000)h" }
        if ms % 60_000 == 0 { return "\(ms / 60_000)m" }
        if ms % 1000 == 0 { return "\(ms / 1000)s" }
        if ms >= 1000 { return "\(Double(ms) / 1000)s" }
        return "\(ms)ms"
    }
}

extension Duration {
    /// Whole milliseconds, truncated: the unit every output of ours uses.
    public var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }

    /// Fractional milliseconds, for phase timings that are often below one millisecond on loopback.
    public var fractionalMilliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}

extension String {
    func trimmingWhitespace() -> String {
        String(self.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
