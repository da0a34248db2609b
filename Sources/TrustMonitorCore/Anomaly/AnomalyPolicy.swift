/// How sensitive latency anomaly detection is. Passed to every `AnomalyDetector.record` call, like
/// `VerificationPolicy` to the lifecycle, so a configuration reload applies without rebuilding baselines.
public struct AnomalyPolicy: Sendable, Equatable {
    /// A sample is slow only above `median + madMultiplier * max(MAD, madFloorMs)`: 5 "sigmas", so the
    /// ordinary jitter of a noisy target is never slow.
    public var madMultiplier: Double
    /// The smallest spread assumed, so a very steady series (MAD near 0) does not flag a 0.1 ms wobble.
    public var madFloorMs: Double
    /// ...and only above `minimumFactor * median`: people care about "1.5x slower", not about 5 sigmas of 0.2 ms.
    public var minimumFactor: Double
    /// ...and only at least this many ms above the median, so 1 ms -> 3 ms on loopback is not an anomaly.
    public var minimumIncreaseMs: Double
    /// No judgement before the baseline has this many samples (cold start).
    public var minimumSamples: Int
    /// Slowness must last this long (first slow sample to now) before the series is degraded...
    public var minimumDuration: Duration
    /// ...with at least this many slow samples (a long interval must not make two checks "sustained")...
    public var minimumSlowSamples: Int
    /// ...and this share of the episode's samples slow, so scattered slow checks are not a slowdown.
    public var minimumSlowShare: Double
    /// No slow sample for this long (and `minimumSlowSamples` normal ones) ends an episode or clears degraded.
    public var clearAfter: Duration
    /// A slowdown still going after this long is the new normal: the baseline moves to it and says so.
    public var adoptAfter: Duration

    /// Defaults for checks every 10-60 s: degraded after 5 minutes of slowness, cleared after 3 quiet
    /// minutes, a lasting step adopted after an hour (so an ongoing incident stays visible for a while).
    public static let `default` = AnomalyPolicy(
        madMultiplier: 5, madFloorMs: 1, minimumFactor: 1.5, minimumIncreaseMs: 10, minimumSamples: 30,
        minimumDuration: .seconds(300), minimumSlowSamples: 3, minimumSlowShare: 0.6, clearAfter: .seconds(180),
        adoptAfter: .seconds(3600))

    public init(madMultiplier: Double, madFloorMs: Double, minimumFactor: Double, minimumIncreaseMs: Double,
                minimumSamples: Int, minimumDuration: Duration, minimumSlowSamples: Int, minimumSlowShare: Double,
                clearAfter: Duration, adoptAfter: Duration) {
        self.madMultiplier = madMultiplier
        self.madFloorMs = madFloorMs
        self.minimumFactor = minimumFactor
        self.minimumIncreaseMs = minimumIncreaseMs
        self.minimumSamples = minimumSamples
        self.minimumDuration = minimumDuration
        self.minimumSlowSamples = minimumSlowSamples
        self.minimumSlowShare = minimumSlowShare
        self.clearAfter = clearAfter
        self.adoptAfter = adoptAfter
    }

    /// The value above which a sample is slow against `baseline`.
    public func threshold(for baseline: BaselineEstimate) -> Double {
        max(baseline.median + madMultiplier * max(baseline.mad, madFloorMs),
            baseline.median * minimumFactor,
            baseline.median + minimumIncreaseMs)
    }
}
