import Foundation
import Testing
import TrustMonitorCore

/// A generated latency series: a deterministic shape plus seeded noise, one sample every `interval`.
struct GeneratedSeries: Sendable, CustomStringConvertible {
    /// Midnight UTC, so hour-of-day patterns line up with the baseline's hour buckets.
    static let start: Int64 = 1_699_920_000_000
    static let day: Int64 = 86_400_000

    let name: String
    let duration: Int64
    var interval: Int64 = 10_000
    var seed: UInt64 = 7
    /// Milliseconds at a time offset (ms from `start`) given a standard normal draw.
    let shape: @Sendable (_ offset: Int64, _ normal: Double) -> Double

    var description: String { name }

    /// (time, value) pairs in order.
    func samples() -> [(at: Int64, ms: Double)] {
        var random = SeededGenerator(state: seed)
        return stride(from: Int64(0), to: duration, by: Int(interval)).map { offset in
            (Self.start + offset, max(0.01, shape(offset, Self.normal(&random))))
        }
    }

    /// A standard normal draw (Box-Muller) from the seeded generator.
    static func normal(_ random: inout SeededGenerator) -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &random)
        let u2 = Double.random(in: 0..<1, using: &random)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

/// What a detector said while fed a series: events with their offsets from the series start.
struct DetectorRun {
    var events: [(offset: Int64, event: AnomalyDetector.Event)] = []
    var statuses: [AnomalyDetector.Status] = []
    var detector: AnomalyDetector

    init(_ series: GeneratedSeries, phase: LatencyPhase = .total, policy: AnomalyPolicy = .default) {
        detector = AnomalyDetector(phase: phase)
        for sample in series.samples() {
            if let event = detector.record(sample.ms, at: sample.at, policy: policy) {
                events.append((sample.at - GeneratedSeries.start, event))
            }
            statuses.append(detector.status)
        }
    }

    /// Events as "<minute>: <kind>: <text>", the form the tables expect.
    var lines: [String] {
        events.map { offset, event in
            let minute = "\(offset / 60_000)m"
            switch event {
            case .degraded(let explanation): return "\(minute): degraded: \(explanation)"
            case .recovered(let explanation): return "\(minute): recovered: \(explanation)"
            case .baselineMoved(let shift): return "\(minute): moved: \(shift)"
            }
        }
    }
}

extension GeneratedSeries {
    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000

    /// `base` with a small relative jitter (2% sigma).
    static func steady(_ base: Double, _ normal: Double) -> Double { base * (1 + 0.02 * normal) }

    /// `base` until `from`, `slow` from `from` until `until`, `base` after.
    static func window(_ name: String, base: Double, slow: Double, from: Int64, until: Int64,
                       duration: Int64) -> GeneratedSeries {
        GeneratedSeries(name: name, duration: duration) { offset, normal in
            steady(offset >= from && offset < until ? slow : base, normal)
        }
    }
}
