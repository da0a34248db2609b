/// What one monitor's SLA figures are computed from, in whole Unix seconds: gathered from the store by the caller
/// (the report, the daily summary), so the figures themselves are pure arithmetic that a test, the server and a
/// verifier all run alike.
public struct SLAHistory: Sendable, Equatable {
    /// One incident as a span: `[opened, resolved)`, an open one up to the time the figures are made.
    public struct IncidentSpan: Sendable, Equatable {
        public var id: String
        public var span: Range<Int64>

        public init(id: String, span: Range<Int64>) {
            self.id = id
            self.span = span
        }
    }

    /// When the monitor was created: earlier time is out of scope.
    public var createdAt: Int64
    /// The check interval checks are due at.
    public var intervalMs: Int64
    public var incidents: [IncidentSpan]
    /// Every maintenance window's occurrences that apply to the monitor, as one union.
    public var maintenance: SecondSpans
    /// Every degradation period, as one union (kinds do not matter: degraded is degraded).
    public var degraded: SecondSpans
    /// Primary checks that ran, by the start of their UTC hour (the hourly rollups).
    public var checksByHour: [Int64: Int]

    public init(createdAt: Int64, intervalMs: Int64, incidents: [IncidentSpan] = [], maintenance: SecondSpans = .empty,
                degraded: SecondSpans = .empty, checksByHour: [Int64: Int] = [:]) {
        self.createdAt = createdAt
        self.intervalMs = intervalMs
        self.incidents = incidents
        self.maintenance = maintenance
        self.degraded = degraded
        self.checksByHour = checksByHour
    }
}
