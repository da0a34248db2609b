/// Schedule lag (actual start minus due time) in milliseconds, bucketed so percentiles cost nothing to
/// keep at thousands of checks per second.
public struct LagRecorder: Sendable {
    /// Bucket i holds lags in [i, i+1) ms; the last bucket everything above.
    private var buckets = [Int](repeating: 0, count: 10_001)
    public private(set) var count = 0
    public private(set) var maxMs = 0.0

    public init() {}

    mutating func record(_ lag: Duration) {
        let ms = max(lag.fractionalMilliseconds, 0)
        buckets[min(Int(ms), buckets.count - 1)] += 1
        count += 1
        maxMs = max(maxMs, ms)
    }

    /// The lag below which `fraction` of checks started, to 1 ms.
    public func percentile(_ fraction: Double) -> Double {
        guard count > 0 else { return 0 }
        let rank = Int((Double(count) * fraction).rounded(.up))
        var seen = 0
        for (ms, n) in buckets.enumerated() {
            seen += n
            if seen >= rank { return Double(ms + 1) }
        }
        return maxMs
    }

    public mutating func reset() { self = LagRecorder() }
}
