/// Median and median absolute deviation: a typical value and a spread that one wild sample cannot move,
/// unlike the mean and standard deviation, which a single 30 s timeout among 40 ms checks drags far away.
enum RobustStatistics {
    /// The factor that makes the MAD estimate the standard deviation of normally distributed data, so
    /// "k MADs" reads like "k sigmas".
    static let madScale = 1.4826

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The median and the scaled MAD (`1.4826 * median(|x - median|)`), nil for no values.
    static func medianAndMAD(_ values: [Double]) -> (median: Double, mad: Double)? {
        guard let center = median(values), let deviation = median(values.map { abs($0 - center) }) else {
            return nil
        }
        return (center, deviation * madScale)
    }
}
