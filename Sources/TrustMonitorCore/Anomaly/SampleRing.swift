/// The most recent `capacity` latency samples, oldest overwritten first.
///
/// Stored as `Float16` (2 bytes, about 3 significant digits, at most 65,504 ms) because a server keeps one
/// ring per monitor, region and phase: tens of thousands of them. A baseline needs the typical value to a few
/// percent, not to the microsecond, and anything slower than 65 s is a timeout, not a latency.
struct SampleRing: Sendable {
    private(set) var values: [Float16]
    private var next = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        values = []
        values.reserveCapacity(self.capacity)
    }

    var count: Int { values.count }

    mutating func append(_ milliseconds: Double) {
        let stored = Self.storable(milliseconds)
        if values.count < capacity {
            values.append(stored)
        } else {
            values[next] = stored
        }
        next = (next + 1) % capacity
    }

    /// A sample as stored: clamped to 0...65,504 ms and rounded to `Float16`.
    static func storable(_ milliseconds: Double) -> Float16 {
        Float16(min(max(milliseconds, 0), Double(Float16.greatestFiniteMagnitude)))
    }

    mutating func removeAll() {
        values.removeAll(keepingCapacity: true)
        next = 0
    }

    /// Median and scaled MAD of what the ring holds, nil when empty.
    func estimate() -> (median: Double, mad: Double)? {
        RobustStatistics.medianAndMAD(values.map { Double($0) })
    }
}
