/// A report's headline figures: its days' figures added up, and the percentages that follow from them. Made only
/// by `init(days:...)`, which a verifier runs again on the report's days to check the figures it was given.
public struct SLAFigures: Codable, Sendable, Equatable {
    public var periodSeconds: Int64
    public var beforeCreationSeconds: Int64
    public var monitoredSeconds: Int64
    public var maintenanceSeconds: Int64
    public var countedSeconds: Int64
    public var downtimeSeconds: Int64
    public var unobservedSeconds: Int64
    public var observedSeconds: Int64
    public var degradedSeconds: Int64
    public var checksDue: Int64
    public var checksRun: Int64
    /// Nil when nothing was due, observed or counted: no percentage can be said.
    public var coveragePercent: Double?
    public var uptimePercent: Double?
    public var strictUptimePercent: Double?

    /// Sums wrap rather than trap: a verifier fed a report with absurd figures must say so, not crash.
    public init(days: [SLADay], period: Range<Int64>, createdAt: Int64, includeMaintenance: Bool) {
        func sum(_ value: KeyPath<SLADay, Int64>) -> Int64 { days.reduce(0) { $0 &+ $1[keyPath: value] } }
        periodSeconds = Int64(period.count)
        beforeCreationSeconds = Int64(period.clamped(to: period.lowerBound..<max(period.lowerBound, createdAt)).count)
        monitoredSeconds = sum(\.monitoredSeconds)
        maintenanceSeconds = sum(\.maintenanceSeconds)
        countedSeconds = monitoredSeconds &- (includeMaintenance ? 0 : maintenanceSeconds)
        downtimeSeconds = sum(\.downSeconds)
        unobservedSeconds = sum(\.unobservedSeconds)
        observedSeconds = countedSeconds &- unobservedSeconds
        degradedSeconds = sum(\.degradedSeconds)
        checksDue = sum(\.checksDue)
        checksRun = sum(\.checksRun)
        coveragePercent = Self.percent(checksRun, of: checksDue)
        uptimePercent = Self.percent(observedSeconds &- downtimeSeconds, of: observedSeconds)
        strictUptimePercent = Self.percent(countedSeconds &- downtimeSeconds &- unobservedSeconds, of: countedSeconds)
    }

    static func percent(_ part: Int64, of whole: Int64) -> Double? {
        whole > 0 ? Double(part) * 100 / Double(whole) : nil
    }

    enum CodingKeys: String, CodingKey {
        case periodSeconds = "period_seconds", beforeCreationSeconds = "before_creation_seconds"
        case monitoredSeconds = "monitored_seconds", maintenanceSeconds = "maintenance_seconds"
        case countedSeconds = "counted_seconds", downtimeSeconds = "downtime_seconds"
        case unobservedSeconds = "unobserved_seconds", observedSeconds = "observed_seconds"
        case degradedSeconds = "degraded_seconds", checksDue = "checks_due", checksRun = "checks_run"
        case coveragePercent = "coverage_percent", uptimePercent = "uptime_percent"
        case strictUptimePercent = "strict_uptime_percent"
    }

    /// What each figure means, in the report itself: a customer reading it needs no other document.
    public static let definitions: [String: String] = [
        "time": "All times are UTC and taken to the whole second (rounded down); the period is [from, to).",
        "period_seconds": "The length of the period.",
        "before_creation_seconds": "Time in the period before the monitor was created: out of scope, in no other figure.",
        "monitored_seconds": "Time in the period the monitor existed (period minus before_creation).",
        "maintenance_seconds": "Monitored time inside maintenance windows that apply to the monitor (by name or tag, "
            + "one-off or recurring), counted once where windows overlap. Left out of every other figure unless "
            + "include_maintenance is true.",
        "counted_seconds": "The time the SLA is about: monitored time minus maintenance (unless included).",
        "downtime_seconds": "Counted time inside an incident: from its opening to its resolution (to generated_at while "
            + "open), overlapping incidents counted once.",
        "checks_due": "Per UTC hour, floor(counted time in the hour / check interval): the fewest checks a monitor "
            + "running on schedule makes in that time; summed.",
        "checks_run": "Per UTC hour, the primary checks the hourly rollup recorded, at most the hour's checks_due; summed.",
        "coverage_percent": "checks_run / checks_due x 100.",
        "unobserved_seconds": "Per UTC hour, (checks_due - checks_run) x interval, at most the hour's counted time "
            + "that is not downtime; summed. Time no check vouches for: never counted as uptime.",
        "observed_seconds": "counted_seconds - unobserved_seconds.",
        "uptime_percent": "(observed_seconds - downtime_seconds) / observed_seconds x 100: uptime where checks vouch.",
        "strict_uptime_percent": "(counted_seconds - downtime_seconds - unobserved_seconds) / counted_seconds x 100: "
            + "unobserved time counted as down, so no gap in checking can raise it.",
        "degraded_seconds": "Counted time the monitor was degraded (slower, or failing more often, than its learned "
            + "baseline) and not down. Degraded time is never downtime.",
        "days": "Each UTC day's figures; the headline figures are their sums. A day with summary_seq takes its "
            + "figures from the daily summary the server appended to its ledger after that day ended "
            + "(type summary.daily), so they cannot be changed later; other days are computed from the store.",
    ]
}
