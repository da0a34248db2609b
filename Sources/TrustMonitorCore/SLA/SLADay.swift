public import struct Foundation.Date

/// The SLA figures of one monitor for the part of one UTC day inside a report's period (a whole day for a daily
/// summary). Every figure is whole seconds or whole checks, so a period's figures are the sums of its days'.
public struct SLADay: Codable, Sendable, Equatable {
    /// `YYYY-MM-DD` (UTC).
    public var day: String
    /// The part of the day this row covers: `[from, to)`.
    public var from: Date
    public var to: Date
    /// Of `[from, to)`, the time the monitor existed.
    public var monitoredSeconds: Int64
    /// Of the monitored time, the time inside maintenance windows that apply to the monitor.
    public var maintenanceSeconds: Int64
    /// Time inside an incident (minus maintenance, unless maintenance is counted).
    public var downSeconds: Int64
    /// Time degraded and not down (minus maintenance, unless counted).
    public var degradedSeconds: Int64
    /// Time no check vouches for (see `SLADefinitions`).
    public var unobservedSeconds: Int64
    public var checksDue: Int64
    public var checksRun: Int64
    /// The incidents that overlap the monitored time, by id.
    public var incidents: [String]
    /// The ledger entry of the daily summary these figures are taken from; nil when they were computed from the store.
    public var summarySeq: Int?

    public init(day: String, from: Date, to: Date, monitoredSeconds: Int64, maintenanceSeconds: Int64,
                downSeconds: Int64, degradedSeconds: Int64, unobservedSeconds: Int64, checksDue: Int64, checksRun: Int64,
                incidents: [String], summarySeq: Int? = nil) {
        self.day = day
        self.from = from
        self.to = to
        self.monitoredSeconds = monitoredSeconds
        self.maintenanceSeconds = maintenanceSeconds
        self.downSeconds = downSeconds
        self.degradedSeconds = degradedSeconds
        self.unobservedSeconds = unobservedSeconds
        self.checksDue = checksDue
        self.checksRun = checksRun
        self.incidents = incidents
        self.summarySeq = summarySeq
    }

    enum CodingKeys: String, CodingKey {
        case day, from, to, incidents
        case monitoredSeconds = "monitored_seconds", maintenanceSeconds = "maintenance_seconds"
        case downSeconds = "down_seconds", degradedSeconds = "degraded_seconds"
        case unobservedSeconds = "unobserved_seconds", checksDue = "checks_due", checksRun = "checks_run"
        case summarySeq = "summary_seq"
    }
}

extension SLADay {
    /// The figures of `span` (inside one UTC day) from `history`; `includeMaintenance` counts maintenance time like
    /// any other (down is down, checks are due) instead of leaving it out.
    public static func compute(span: Range<Int64>, history: SLAHistory, includeMaintenance: Bool) -> SLADay {
        let start = min(max(span.lowerBound, history.createdAt), span.upperBound)
        let scope = start..<span.upperBound
        let monitored = SecondSpans([scope])
        let maintenance = history.maintenance.clamped(to: scope)
        let counted = includeMaintenance ? monitored : monitored.subtracting(maintenance)
        let down = SecondSpans(history.incidents.map(\.span)).intersection(counted)
        let degraded = history.degraded.intersection(counted).subtracting(down)
        let coverage = Coverage(counted: counted, down: down, history: history, scope: scope)
        let incidents = history.incidents.filter { $0.span.overlaps(scope) }
            .sorted { ($0.span.lowerBound, $0.id) < ($1.span.lowerBound, $1.id) }.map(\.id)
        return SLADay(day: UTCSeconds.dayText(span.lowerBound), from: UTCSeconds.date(span.lowerBound),
                      to: UTCSeconds.date(span.upperBound), monitoredSeconds: monitored.seconds,
                      maintenanceSeconds: maintenance.seconds, downSeconds: down.seconds,
                      degradedSeconds: degraded.seconds, unobservedSeconds: coverage.unobserved,
                      checksDue: coverage.due, checksRun: coverage.run, incidents: incidents)
    }

    /// Checks due and run, and the time they leave unvouched for, hour by hour (the rollups' grain): in each UTC
    /// hour, the counted time `E` (monitored, minus maintenance unless counted) makes `floor(E / interval)` checks due,
    /// the fewest a monitor running on schedule makes in that much time whatever its phase; the hour's primary checks
    /// count up to that many (extra checks in one hour never fill a gap in another); each missing check leaves one
    /// interval unobserved, up to the hour's counted time that is not already down.
    struct Coverage {
        var due: Int64 = 0
        var run: Int64 = 0
        var unobserved: Int64 = 0

        init(counted: SecondSpans, down: SecondSpans, history: SLAHistory, scope: Range<Int64>) {
            guard !scope.isEmpty else { return }
            let intervalMs = max(1, history.intervalMs)
            var hour = UTCSeconds.floor(scope.lowerBound, UTCSeconds.hour)
            while hour < scope.upperBound {
                let range = hour..<(hour + UTCSeconds.hour)
                let counted = counted.seconds(in: range)
                if counted > 0 {
                    let due = counted * 1000 / intervalMs
                    let run = min(Int64(history.checksByHour[hour] ?? 0), due)
                    self.due += due
                    self.run += run
                    unobserved += min(counted - down.seconds(in: range), (due - run) * intervalMs / 1000)
                }
                hour += UTCSeconds.hour
            }
        }
    }
}
