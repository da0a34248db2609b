import struct Foundation.Date

/// A slowdown that lasted long enough to become the new normal, reported so nobody wonders why an alert
/// stopped: "Response time baseline moved from 40 ms to 120 ms on 2025-03-01T10:00:00.000Z".
public struct BaselineShift: Sendable, Equatable, CustomStringConvertible {
    public var phase: LatencyPhase
    public var fromMs: Double
    public var toMs: Double
    /// When the new baseline was adopted, ms since the epoch.
    public var at: Int64

    public init(phase: LatencyPhase, fromMs: Double, toMs: Double, at: Int64) {
        self.phase = phase
        self.fromMs = fromMs
        self.toMs = toMs
        self.at = at
    }

    /// How many times the old baseline the new one is: of several phases that moved, the largest move explains best.
    public var factor: Double { toMs / max(fromMs, 0.001) }

    public var description: String {
        "\(phase.label) baseline moved from \(AnomalyText.milliseconds(fromMs)) to \(AnomalyText.milliseconds(toMs))"
            + " on \(RFC3339.format(Date(timeIntervalSince1970: Double(at) / 1000)))"
    }
}
