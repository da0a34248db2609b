/// A monitor's next due time in the scheduler's heap; stale entries (a reloaded or removed monitor) are
/// recognised by `generation` and skipped.
struct DueEntry: Comparable, Sendable {
    var due: ContinuousClock.Instant
    var monitorID: String
    var generation: Int

    static func < (lhs: DueEntry, rhs: DueEntry) -> Bool { lhs.due < rhs.due }
    static func == (lhs: DueEntry, rhs: DueEntry) -> Bool {
        lhs.due == rhs.due && lhs.monitorID == rhs.monitorID && lhs.generation == rhs.generation
    }
}

/// Spreads monitors with the same interval over the interval, the same way every start, so a fleet of
/// 30 s monitors does not fire at once, and a restart resumes without a burst of catch-up checks.
enum ScheduleSpread {
    /// FNV-1a of the name: stable across processes (Swift's `hashValue` is seeded per process).
    static func offset(name: String, interval: Duration) -> Duration {
        let intervalMs = max(interval.milliseconds, 1)
        return .milliseconds(Int64(hash(name) % UInt64(intervalMs)))
    }

    /// Where a monitor starts in the rotation of its primary check over regions: spread by name, so the
    /// monitors of one interval do not all go to the same region at once.
    static func rotationStart(name: String) -> Int { Int(hash(name) >> 33) }

    static func hash(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}
