import struct Foundation.Date
import TrustMonitorStore

/// A monitor's next due time in the scheduler's heap; stale entries (a reloaded or removed monitor) are
/// recognised by `generation` and skipped.
struct DueEntry: Comparable, Sendable {
    var due: ContinuousClock.Instant
    /// `due` as a point of the monitor's grid on the wall clock (Unix ms).
    var dueMs: Int64
    var monitorID: String
    var generation: Int

    static func < (lhs: DueEntry, rhs: DueEntry) -> Bool { lhs.due < rhs.due }
    static func == (lhs: DueEntry, rhs: DueEntry) -> Bool {
        lhs.due == rhs.due && lhs.monitorID == rhs.monitorID && lhs.generation == rhs.generation
    }
}

/// Spreads monitors with the same interval over the interval, the same way every start and on every
/// replica, so a fleet of 30 s monitors does not fire at once, a restart resumes without a burst of catch-up
/// checks, and a replica taking over names each due check as the one before it did.
///
/// A monitor's due times are a fixed grid on the wall clock: `offset + k × interval` (Unix ms), the offset
/// a hash of its name.
enum ScheduleSpread {
    /// FNV-1a of the name: stable across processes (Swift's `hashValue` is seeded per process).
    static func offset(name: String, interval: Duration) -> Duration {
        let intervalMs = max(interval.milliseconds, 1)
        return .milliseconds(Int64(hash(name) % UInt64(intervalMs)))
    }

    /// The first point of the monitor's grid at or after `wallMs` (after it, when not `inclusive`).
    static func gridPoint(name: String, interval: Duration, from wallMs: Int64, inclusive: Bool = true) -> Int64 {
        let intervalMs = max(interval.milliseconds, 1)
        let offset = offset(name: name, interval: interval).milliseconds
        let start = inclusive ? wallMs : wallMs + 1
        let steps = (start - offset + intervalMs - 1).quotientRoundingDown(by: intervalMs)
        return offset + steps * intervalMs
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

extension Int64 {
    /// Division rounding toward minus infinity (Swift's `/` rounds toward zero).
    func quotientRoundingDown(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

/// One reading of both clocks, to turn wall-clock times (what replicas share) into instants of this
/// process's monotonic clock (what it sleeps on) and back.
struct ClockPair {
    let instant: ContinuousClock.Instant
    let wallMs: Int64

    static func now() -> ClockPair {
        ClockPair(instant: ContinuousClock.now, wallMs: Date().epochMilliseconds)
    }

    func instant(wallMs ms: Int64) -> ContinuousClock.Instant { instant + .milliseconds(ms - wallMs) }
    func wallMs(_ other: ContinuousClock.Instant) -> Int64 { wallMs + (other - instant).milliseconds }
}
