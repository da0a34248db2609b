/// A series' latency by UTC hour of day: up to `capacity` samples per hour, one per `spacingMs` at most, so
/// each hour holds several days whatever the check interval.
///
/// Flat arrays rather than 24 rings: one allocation per field instead of 24, which is most of the memory at
/// these sizes (24 x 28 samples of 2 bytes, plus 24 cached medians and spreads).
struct HourlyProfile: Sendable {
    let capacity: Int
    let spacingMs: Int64
    private var samples: [Float16]
    private var counts: [Int32]
    private var nexts: [Int32]
    private var lastAdmission: [Int64]
    /// Median and scaled MAD per hour, refreshed on each admission.
    private var medians: [Float]
    private var mads: [Float]

    init(capacity: Int, spacingMs: Int64) {
        self.capacity = min(max(1, capacity), Int(Int32.max))
        self.spacingMs = spacingMs
        samples = Array(repeating: 0, count: 24 * self.capacity)
        counts = Array(repeating: 0, count: 24)
        nexts = Array(repeating: 0, count: 24)
        lastAdmission = Array(repeating: Int64.min, count: 24)
        medians = Array(repeating: 0, count: 24)
        mads = Array(repeating: 0, count: 24)
    }

    /// Keeps `milliseconds` for its hour unless that hour took a sample less than `spacingMs` ago.
    mutating func admit(_ milliseconds: Double, hour: Int, at: Int64) {
        guard lastAdmission[hour] == Int64.min || at - lastAdmission[hour] >= spacingMs else { return }
        lastAdmission[hour] = at
        let base = hour * capacity
        samples[base + Int(nexts[hour])] = SampleRing.storable(milliseconds)
        nexts[hour] = Int32((Int(nexts[hour]) + 1) % capacity)
        counts[hour] = min(counts[hour] + 1, Int32(capacity))
        let held = samples[base..<(base + Int(counts[hour]))].map { Double($0) }
        if let estimate = RobustStatistics.medianAndMAD(held) {
            medians[hour] = Float(estimate.median)
            mads[hour] = Float(estimate.mad)
        }
    }

    /// The hour's estimate, nil when it has fewer than `minimumSamples`.
    func estimate(hour: Int, minimumSamples: Int) -> BaselineEstimate? {
        guard counts[hour] > 0, Int(counts[hour]) >= minimumSamples else { return nil }
        return BaselineEstimate(median: Double(medians[hour]), mad: Double(mads[hour]), samples: Int(counts[hour]),
                                seasonal: true)
    }
}
