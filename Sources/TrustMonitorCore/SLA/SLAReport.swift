public import struct Foundation.Date

/// One monitor's SLA report for a period: the figures, the days they add up from, the incidents with their ledger
/// entries, the maintenance and degraded time, and how each figure is defined. Signed as the payload of a DSSE
/// envelope (`application/vnd.trustmonitor.sla+json`), its JSON in `JSONCoding`'s form.
public struct SLAReport: Codable, Sendable, Equatable {
    public static let format = "trustmonitor.sla/v1"

    public struct Monitor: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var endpoint: String
        public var intervalMs: Int64
        public var createdAt: Date

        public init(id: String, name: String, endpoint: String, intervalMs: Int64, createdAt: Date) {
            self.id = id
            self.name = name
            self.endpoint = endpoint
            self.intervalMs = intervalMs
            self.createdAt = createdAt
        }

        enum CodingKeys: String, CodingKey {
            case id, name, endpoint
            case intervalMs = "interval_ms", createdAt = "created_at"
        }
    }

    /// The half-open interval `[from, to)` the report covers, and what was asked when that differs (a period that
    /// reached into the future is cut at the time the report was made).
    public struct Period: Codable, Sendable, Equatable {
        public var from: Date
        public var to: Date
        public var requestedTo: Date?

        public init(from: Date, to: Date, requestedTo: Date? = nil) {
            self.from = from
            self.to = to
            self.requestedTo = requestedTo
        }

        enum CodingKeys: String, CodingKey {
            case from, to
            case requestedTo = "requested_to"
        }
    }

    public struct Incident: Codable, Sendable, Equatable {
        public struct Failure: Codable, Sendable, Equatable {
            public var code: String
            public var message: String

            public init(code: String, message: String) {
                self.code = code
                self.message = message
            }
        }

        public var id: String
        public var openedAt: Date
        /// Nil while open: it then counts up to `generated_at`.
        public var resolvedAt: Date?
        /// Its seconds inside the period, maintenance included.
        public var secondsInPeriod: Int64
        public var failure: Failure
        /// The seqs of its ledger entries (opened, verified, resolved, report), all in the bundle.
        public var ledgerSeqs: [Int]

        public init(id: String, openedAt: Date, resolvedAt: Date?, secondsInPeriod: Int64, failure: Failure,
                    ledgerSeqs: [Int]) {
            self.id = id
            self.openedAt = openedAt
            self.resolvedAt = resolvedAt
            self.secondsInPeriod = secondsInPeriod
            self.failure = failure
            self.ledgerSeqs = ledgerSeqs
        }

        enum CodingKeys: String, CodingKey {
            case id, failure
            case openedAt = "opened_at", resolvedAt = "resolved_at", secondsInPeriod = "seconds_in_period"
            case ledgerSeqs = "ledger_seqs"
        }
    }

    /// A span of time `[from, to)`: maintenance and degraded time, listed so a reader sees when.
    public struct Span: Codable, Sendable, Equatable {
        public var from: Date
        public var to: Date

        public init(_ range: Range<Int64>) {
            from = UTCSeconds.date(range.lowerBound)
            to = UTCSeconds.date(range.upperBound)
        }

        public var range: Range<Int64> {
            let lower = UTCSeconds.of(from)
            return lower..<max(lower, UTCSeconds.of(to))
        }
    }

    /// One degradation period overlapping the report's period, as the monitor's history tells it: what was unusual
    /// and how it ended (back to usual, an incident, or a step taken as the new normal), so a reader sees why
    /// `degraded_seconds` is what it is.
    public struct Degradation: Codable, Sendable, Equatable {
        public var id: String
        /// `latency` or `error_rate`.
        public var kind: String
        public var startedAt: Date
        /// Nil while it lasts.
        public var endedAt: Date?
        public var explanation: String
        public var ending: String?

        public init(id: String, kind: String, startedAt: Date, endedAt: Date?, explanation: String, ending: String?) {
            self.id = id
            self.kind = kind
            self.startedAt = startedAt
            self.endedAt = endedAt
            self.explanation = explanation
            self.ending = ending
        }

        enum CodingKeys: String, CodingKey {
            case id, kind, explanation, ending
            case startedAt = "started_at", endedAt = "ended_at"
        }
    }

    public var format: String
    public var monitor: Monitor
    public var period: Period
    /// Whether maintenance time counts like any other (by default it is left out of the SLA).
    public var includeMaintenance: Bool
    public var generatedAt: Date
    public var figures: SLAFigures
    /// The days the figures add up from, in order; days before the monitor existed are left out.
    public var days: [SLADay]
    public var incidents: [Incident]
    public var maintenance: [Span]
    public var degraded: [Span]
    /// The degradation periods behind `degraded`, with their explanations.
    public var degradations: [Degradation]
    /// Anything a reader must know to read the figures right (a period cut at now, a monitor created within it).
    public var notes: [String]
    public var definitions: [String: String]

    public init(monitor: Monitor, period: Period, includeMaintenance: Bool, generatedAt: Date, days: [SLADay],
                incidents: [Incident], maintenance: SecondSpans, degraded: SecondSpans, degradations: [Degradation] = [],
                notes: [String]) {
        self.format = Self.format
        self.monitor = monitor
        self.period = period
        self.includeMaintenance = includeMaintenance
        self.generatedAt = generatedAt
        self.figures = SLAFigures(days: days, period: Self.range(period),
                                  createdAt: UTCSeconds.of(monitor.createdAt), includeMaintenance: includeMaintenance)
        self.days = days
        self.incidents = incidents
        self.maintenance = maintenance.spans.map(Span.init)
        self.degraded = degraded.spans.map(Span.init)
        self.degradations = degradations
        self.notes = notes
        self.definitions = SLAFigures.definitions
    }

    /// The period in whole seconds.
    public static func range(_ period: Period) -> Range<Int64> {
        let from = UTCSeconds.of(period.from)
        return from..<max(from, UTCSeconds.of(period.to))
    }

    enum CodingKeys: String, CodingKey {
        case format, monitor, period, generatedAt = "generated_at", figures, days, incidents, maintenance, degraded
        case degradations
        case notes, definitions, includeMaintenance = "include_maintenance"
    }
}
