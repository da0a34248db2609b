/// The latency series a monitor has: each timed phase of a check, and the whole check.
/// A baseline is learned per (monitor, region, phase), so a slow TLS handshake is seen even when the total
/// hides it among a fast body transfer.
public enum LatencyPhase: String, Sendable, Codable, CaseIterable {
    case dns, connect, tls, ttfb, transfer, total

    /// The phase as a person names it, for explanations.
    public var label: String {
        switch self {
        case .dns: "DNS lookup"
        case .connect: "TCP connect"
        case .tls: "TLS handshake"
        case .ttfb: "Time to first byte"
        case .transfer: "Body transfer"
        case .total: "Response time"
        }
    }

    /// This phase's timing in a check's phases, nil when the check did not reach it.
    public func milliseconds(in phases: Phases) -> Double? {
        switch self {
        case .dns: phases.dns
        case .connect: phases.connect
        case .tls: phases.tls
        case .ttfb: phases.ttfb
        case .transfer: phases.transfer
        case .total: phases.total
        }
    }
}

/// Which series a detector watches: the key an engine keeps its detectors under.
public struct LatencySeriesKey: Hashable, Sendable {
    public var monitor: String
    public var region: String
    public var phase: LatencyPhase

    public init(monitor: String, region: String, phase: LatencyPhase) {
        self.monitor = monitor
        self.region = region
        self.phase = phase
    }
}
