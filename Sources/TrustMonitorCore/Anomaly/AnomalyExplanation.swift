/// Why a series is (or was) degraded, in terms a person checks at a glance:
/// "TLS handshake 4.1x its usual 40 ms for 6 minutes".
public struct AnomalyExplanation: Sendable, Equatable, CustomStringConvertible {
    public var phase: LatencyPhase
    /// The usual value (the baseline median when the slowdown began), in ms.
    public var usualMs: Double
    /// The typical value during the slowdown (median of its recent slow samples), in ms.
    public var currentMs: Double
    /// When the first slow sample was seen, ms since the epoch.
    public var since: Int64
    /// The latest sample the explanation covers, ms since the epoch.
    public var until: Int64
    /// True when the usual value came from the hour-of-day profile.
    public var seasonal: Bool

    public init(phase: LatencyPhase, usualMs: Double, currentMs: Double, since: Int64, until: Int64,
                seasonal: Bool) {
        self.phase = phase
        self.usualMs = usualMs
        self.currentMs = currentMs
        self.since = since
        self.until = until
        self.seasonal = seasonal
    }

    /// How many times the usual value the slowdown is.
    public var factor: Double { usualMs > 0 ? currentMs / usualMs : 0 }

    public var description: String {
        "\(phase.label) \(AnomalyText.factor(factor)) its usual \(AnomalyText.milliseconds(usualMs))"
            + " for \(AnomalyText.span(milliseconds: until - since))"
    }
}

/// Numbers as the explanations print them.
enum AnomalyText {
    /// "4.1x", rounded to one decimal; from 10x whole ("217x": a tenth of it is noise nobody reads).
    static func factor(_ value: Double) -> String {
        if value >= 9.95 { return "\(Int(value.rounded()))x" }
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? "\(Int(tenths / 10))x" : "\(tenths / 10)x"
    }

    /// "40 ms", "2.5 ms" below 10 ms, "1.2 s" from a second.
    static func milliseconds(_ value: Double) -> String {
        if value >= 1000 { return "\((value / 100).rounded() / 10) s" }
        if value < 10 { return "\((value * 10).rounded() / 10) ms" }
        return "\(Int(value.rounded())) ms"
    }

    /// "45 seconds", "6 minutes", "2 hours 5 minutes": whole units, truncated.
    static func span(milliseconds: Int64) -> String {
        func unit(_ count: Int64, _ name: String) -> String { "\(count) \(name)\(count == 1 ? "" : "s")" }
        let seconds = max(0, milliseconds) / 1000
        if seconds < 120 { return unit(seconds, "second") }
        if seconds < 7200 { return unit(seconds / 60, "minute") }
        let minutes = seconds / 60 % 60
        return unit(seconds / 3600, "hour") + (minutes == 0 ? "" : " " + unit(minutes, "minute"))
    }
}
