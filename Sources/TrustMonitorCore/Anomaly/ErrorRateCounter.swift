/// Checks and suppressed failures of one monitor counted in 5-minute buckets over the last 25 hours: the last hour
/// against the 24 before it is the error-rate rule's input (`ErrorRatePolicy`). 600 bytes a monitor.
public struct ErrorRateCounter: Sendable {
    static let bucketMs: Int64 = 300_000
    static let currentBuckets = 12
    static let baselineBuckets = 288

    private var checks: [UInt16]
    private var failures: [UInt16]
    /// The bucket number (ms / bucketMs) of the newest bucket written.
    private var newest: Int64?

    public init() {
        let count = Self.currentBuckets + Self.baselineBuckets
        checks = Array(repeating: 0, count: count)
        failures = Array(repeating: 0, count: count)
    }

    /// One scheduled check's completion at `at` (ms since the epoch).
    public mutating func recordCheck(at: Int64) {
        let index = advance(to: at)
        if checks[index] < .max { checks[index] += 1 }
    }

    /// One failure verification did not confirm, at `at`.
    public mutating func recordSuppressed(at: Int64) {
        let index = advance(to: at)
        if failures[index] < .max { failures[index] += 1 }
    }

    /// The last hour, and the 24 hours before it, as of the newest bucket.
    public var windows: (current: ErrorRateWindow, baseline: ErrorRateWindow) {
        guard let newest else {
            return (ErrorRateWindow(checks: 0, failures: 0, span: .seconds(3600)),
                    ErrorRateWindow(checks: 0, failures: 0, span: .seconds(86_400)))
        }
        var current = (0, 0), baseline = (0, 0)
        for age in 0..<checks.count {
            let index = slot(newest - Int64(age))
            if age < Self.currentBuckets {
                current.0 += Int(checks[index]); current.1 += Int(failures[index])
            } else {
                baseline.0 += Int(checks[index]); baseline.1 += Int(failures[index])
            }
        }
        return (ErrorRateWindow(checks: current.0, failures: current.1, span: .seconds(3600)),
                ErrorRateWindow(checks: baseline.0, failures: baseline.1, span: .seconds(86_400)))
    }

    private func slot(_ bucket: Int64) -> Int {
        let count = Int64(checks.count)
        return Int(((bucket % count) + count) % count)
    }

    /// Moves the window forward to the bucket of `at`, emptying the buckets it passes; a time before the newest
    /// bucket (clocks of two probes) counts in the newest.
    private mutating func advance(to at: Int64) -> Int {
        let bucket = at / Self.bucketMs
        guard let last = newest else {
            newest = bucket
            return slot(bucket)
        }
        guard bucket > last else { return slot(last) }
        for step in (last + 1)...min(bucket, last + Int64(checks.count)) {
            checks[slot(step)] = 0
            failures[slot(step)] = 0
        }
        newest = bucket
        return slot(bucket)
    }
}
