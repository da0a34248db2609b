/// The learned latency of one series (monitor, region, phase): a recent window, and an hour-of-day profile
/// once enough history exists.
///
/// Memory is bounded per series, whatever the check interval or uptime: `windowSize` recent samples plus
/// `24 * seasonalCapacity` hourly samples, 2 bytes each (see `SampleRing`), plus per-hour bookkeeping
/// (24 x 20 bytes). With the defaults: 180 + 672 samples, 1.7 KB; with the detector, array headers and
/// allocator overhead `trustmonitor bench anomaly` measures about 3 KB per series (200 MB for 60,000).
///
/// Updates are cheap: `record` is O(1) except every `refreshEvery`-th learned sample, which sorts the recent
/// window (O(w log w), w = 180), and an admission to an hour bucket (at most one per `seasonalSpacingMs`),
/// which sorts that bucket (28 samples). Estimates are cached, so judging a sample costs a few comparisons.
public struct LatencyBaseline: Sendable {
    public struct Configuration: Sendable, Equatable {
        /// Recent samples kept: 30 minutes at a 10 s interval, 3 hours at 60 s. Short enough to follow a slow
        /// drift or a smooth daily curve, long enough that a median over it is steady.
        public var windowSize: Int
        /// The recent estimate is recomputed every this many learned samples: a baseline over 180 samples moves
        /// little in 10, and re-sorting on every sample would cost 10 times as much.
        public var refreshEvery: Int
        /// At most one sample per hour-of-day bucket per this span (ms), so a bucket holds several days,
        /// not one busy hour, at any interval.
        public var seasonalSpacingMs: Int64
        /// Samples kept per hour-of-day bucket: 28 at one per 10 minutes is the last 4.7 days of that hour.
        public var seasonalCapacity: Int
        /// An hour bucket is used only with this many samples (18 = three days of that hour)...
        public var seasonalMinimumSamples: Int
        /// ...and only once the series has this much history (ms), so a pattern is seen on several days.
        public var seasonalMinimumHistoryMs: Int64

        public static let `default` = Configuration(
            windowSize: 180, refreshEvery: 10, seasonalSpacingMs: 600_000, seasonalCapacity: 28,
            seasonalMinimumSamples: 18, seasonalMinimumHistoryMs: 3 * 86_400_000)

        public init(windowSize: Int, refreshEvery: Int, seasonalSpacingMs: Int64, seasonalCapacity: Int,
                    seasonalMinimumSamples: Int, seasonalMinimumHistoryMs: Int64) {
            self.windowSize = max(1, windowSize)
            self.refreshEvery = max(1, refreshEvery)
            self.seasonalSpacingMs = max(0, seasonalSpacingMs)
            self.seasonalCapacity = max(1, seasonalCapacity)
            self.seasonalMinimumSamples = max(1, seasonalMinimumSamples)
            self.seasonalMinimumHistoryMs = max(0, seasonalMinimumHistoryMs)
        }
    }

    public let configuration: Configuration
    private var window: SampleRing
    /// The recent window's estimate, refreshed every `refreshEvery` samples.
    public private(set) var recent: BaselineEstimate?
    private var hours: HourlyProfile
    private var firstSampleAt: Int64?
    /// Samples learned since the start or the last `restart`: what cold start counts.
    public private(set) var learned = 0

    public init(configuration: Configuration = .default) {
        self.configuration = configuration
        window = SampleRing(capacity: configuration.windowSize)
        hours = HourlyProfile(capacity: configuration.seasonalCapacity, spacingMs: configuration.seasonalSpacingMs)
    }

    /// The UTC hour of day of a time in ms since the epoch. UTC, not local time: a daily job moves by an hour
    /// at a daylight saving change, and the profile relearns it within days.
    public static func hourOfDay(_ at: Int64) -> Int {
        Int((at % 86_400_000 + 86_400_000) % 86_400_000 / 3_600_000)
    }

    /// Takes one sample. `learn` false keeps it out of the recent window (a sample judged slow must not pull
    /// the baseline towards the slowdown being measured); it still feeds the hour-of-day profile, because a
    /// slowdown that recurs every day at the same hour is exactly what the profile is for.
    public mutating func record(_ milliseconds: Double, at: Int64, learn: Bool = true) {
        if firstSampleAt == nil { firstSampleAt = at }
        if learn {
            window.append(milliseconds)
            learned += 1
            if recent == nil || learned % configuration.refreshEvery == 0 { refreshRecent() }
        }
        hours.admit(milliseconds, hour: Self.hourOfDay(at), at: at)
    }

    /// The hour-of-day profile for the hour of `at`, nil until it has enough days of history.
    public func seasonal(at: Int64) -> BaselineEstimate? {
        guard let first = firstSampleAt, at - first >= configuration.seasonalMinimumHistoryMs else { return nil }
        return hours.estimate(hour: Self.hourOfDay(at), minimumSamples: configuration.seasonalMinimumSamples)
    }

    /// Starts the recent window again from `samples` (a step change adopted as the new normal). The hour
    /// profile is kept: it only ever excuses a slowdown, so an outdated profile cannot raise a false alarm.
    public mutating func restart(with samples: [Double]) {
        window.removeAll()
        for sample in samples { window.append(sample) }
        learned = window.count
        refreshRecent()
    }

    private mutating func refreshRecent() {
        recent = window.estimate().map {
            BaselineEstimate(median: $0.median, mad: $0.mad, samples: window.count, seasonal: false)
        }
    }
}
