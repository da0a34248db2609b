/// Everything unusual about one monitor: a latency detector per region and phase, and its error rate.
///
/// Pure, and level-based: after each sample the engine reads `latency` and `errorRate` (what is unusual now) and
/// reconciles its stored degradation periods with them, so a period the engine ended for another reason (an
/// incident opened) reopens by itself when the slowness outlasts the incident.
public struct MonitorAnomalies: Sendable {
    private var detectors: [Key: AnomalyDetector] = [:]
    /// When each region last gave a sample: regions silent for `regionMemoryMs` no longer count as checking.
    private var lastSampleAt: [String: Int64] = [:]
    /// What the detectors said when their slowdowns ended, since the last `takeEndings()`.
    private var endings: [String: AnomalyExplanation] = [:]
    private var shifts: [BaselineShift] = []
    private var errors = ErrorRateCounter()

    static let regionMemoryMs: Int64 = 3_600_000

    struct Key: Hashable, Sendable {
        var region: String
        var phase: LatencyPhase
    }

    public init() {}

    /// One successful check of `region` (failed checks say nothing about latency): every phase it timed.
    public mutating func recordLatency(_ phases: Phases, region: String, at: Int64, policy: AnomalyPolicy) {
        lastSampleAt[region] = at
        for phase in LatencyPhase.allCases {
            guard let milliseconds = phase.milliseconds(in: phases), milliseconds.isFinite, milliseconds >= 0 else {
                continue
            }
            let key = Key(region: region, phase: phase)
            var detector = detectors[key] ?? AnomalyDetector(phase: phase)
            switch detector.record(milliseconds, at: at, policy: policy) {
            case .recovered(let explanation)?:
                if (endings[region]?.factor ?? 0) < explanation.factor { endings[region] = explanation }
            case .baselineMoved(let shift)?:
                shifts.append(shift)
            case .degraded?, nil:
                break
            }
            detectors[key] = detector
        }
    }

    /// One scheduled check's completion, up or not (the error rate's denominator).
    public mutating func recordCheck(at: Int64) { errors.recordCheck(at: at) }

    /// One failure that verification did not confirm.
    public mutating func recordSuppressed(at: Int64) { errors.recordSuppressed(at: at) }

    /// The slowdown now: each degraded region's worst phase, over the regions that checked lately. Nil when none.
    public func latency(now: Int64) -> RegionalAnomaly? {
        var worst: [String: AnomalyExplanation] = [:]
        for (key, detector) in detectors {
            guard let explanation = detector.explanation else { continue }
            if (worst[key.region]?.factor ?? 0) < explanation.factor { worst[key.region] = explanation }
        }
        return RegionalAnomaly(degraded: worst, regionCount: regionCount(now: now))
    }

    /// A rising rate of suppressed failures now, nil when the rate is usual.
    public func errorRate(policy: ErrorRatePolicy = .default) -> ErrorRateAnomaly? {
        let windows = errors.windows
        return policy.anomaly(current: windows.current, baseline: windows.baseline)
    }

    /// How the slowdowns that ended since the last call ended: their whole-span explanations, the baselines that
    /// moved (a lasting step taken as the new normal), and the last slow check's time. The engine words a period's
    /// end from them, and ends it at that last slow check: the quiet minutes it takes to be sure the slowdown is
    /// over were not slow, and an SLA report must not count them as degraded.
    public mutating func takeEndings(regionCount: Int)
        -> (explanation: RegionalAnomaly?, shifts: [BaselineShift], lastSlowAt: Int64?)
    {
        defer {
            endings = [:]
            shifts = []
        }
        return (RegionalAnomaly(degraded: endings, regionCount: regionCount), shifts, endings.values.map(\.until).max())
    }

    /// Whether any series is past its cold start: before that, nothing can be judged either way.
    public var hasLearned: Bool { detectors.values.contains { $0.status != .learning } }

    /// Regions heard from within the last hour.
    public func regionCount(now: Int64) -> Int {
        lastSampleAt.values.filter { now - $0 <= Self.regionMemoryMs }.count
    }
}
