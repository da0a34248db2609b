/// The latency state machine of one series: learning, normal, deviating (slow, not yet for long enough),
/// degraded. Pure: the engine feeds samples with their times and reports the events it gets back.
///
/// - Cold start: nothing is judged before the baseline has `minimumSamples`.
/// - A sample is slow when it exceeds the policy's threshold against the recent baseline AND against the
///   hour-of-day profile when there is one: the profile only ever excuses a slowdown that is usual at that hour.
/// - Slow samples never enter the recent baseline, so a slowdown cannot teach the baseline that it is normal
///   and clear itself; only `adoptAfter` does that, explicitly, with a `baselineMoved` event.
public struct AnomalyDetector: Sendable {
    public enum Status: String, Sendable, Codable {
        case learning, normal, deviating, degraded
    }

    public enum Event: Sendable, Equatable {
        /// Slowness was sustained: the series is degraded now.
        case degraded(AnomalyExplanation)
        /// A degraded series is back to its usual latency; the explanation covers the whole slowdown.
        case recovered(AnomalyExplanation)
        /// A slowdown lasted `adoptAfter` and is now the baseline. Ends a degraded state (no `recovered`).
        case baselineMoved(BaselineShift)
    }

    /// One run of slowness, from its first slow sample until `clearAfter` without one.
    struct Episode: Sendable {
        var startedAt: Int64
        var lastSlowAt: Int64
        var usual: BaselineEstimate
        var slow = 0
        var total = 0
        var normalSinceSlow = 0
        var degraded = false
        var slowSamples: SampleRing

        var share: Double { total == 0 ? 0 : Double(slow) / Double(total) }
    }

    public let phase: LatencyPhase
    public private(set) var status: Status = .learning
    public private(set) var baseline: LatencyBaseline
    private var episode: Episode?

    public init(phase: LatencyPhase, baseline: LatencyBaseline = LatencyBaseline()) {
        self.phase = phase
        self.baseline = baseline
    }

    /// The explanation of the slowdown in progress, nil unless degraded.
    public var explanation: AnomalyExplanation? {
        guard let episode, episode.degraded else { return nil }
        return explain(episode, until: episode.lastSlowAt)
    }

    /// Takes one sample (ms) of this series taken at `at` (ms since the epoch), in time order.
    public mutating func record(_ milliseconds: Double, at: Int64, policy: AnomalyPolicy) -> Event? {
        guard let recent = baseline.recent, baseline.learned >= policy.minimumSamples else {
            baseline.record(milliseconds, at: at)
            status = baseline.learned >= policy.minimumSamples ? .normal : .learning
            return nil
        }
        var reference = recent
        var threshold = policy.threshold(for: recent)
        if let seasonal = baseline.seasonal(at: at), policy.threshold(for: seasonal) > threshold {
            reference = seasonal
            threshold = policy.threshold(for: seasonal)
        }
        let slow = milliseconds > threshold
        baseline.record(milliseconds, at: at, learn: !slow)
        if slow, episode == nil {
            let capacity = max(policy.minimumSamples, baseline.configuration.windowSize / 3)
            episode = Episode(startedAt: at, lastSlowAt: at, usual: reference,
                              slowSamples: SampleRing(capacity: capacity))
        }
        guard var current = episode else {
            status = .normal
            return nil
        }
        current.total += 1
        if slow {
            current.slow += 1
            current.lastSlowAt = at
            current.normalSinceSlow = 0
            current.slowSamples.append(milliseconds)
        } else {
            current.normalSinceSlow += 1
        }
        return advance(current, at: at, slow: slow, policy: policy)
    }

    /// Decides the episode after one more sample: over, adopted as the new normal, degraded, or going on.
    /// Adoption happens only on a slow sample, so a slowdown that ends just as `adoptAfter` passes is not adopted.
    private mutating func advance(_ current: Episode, at: Int64, slow: Bool, policy: AnomalyPolicy) -> Event? {
        var current = current
        if at - current.lastSlowAt >= policy.clearAfter.milliseconds,
           current.normalSinceSlow >= policy.minimumSlowSamples {
            episode = nil
            status = .normal
            return current.degraded ? .recovered(explain(current, until: current.lastSlowAt)) : nil
        }
        let span = at - current.startedAt
        let sustained = current.share >= policy.minimumSlowShare && current.slow >= policy.minimumSlowSamples
        if slow, current.degraded, sustained, span >= policy.adoptAfter.milliseconds {
            let slowValues = current.slowSamples.values.map { Double($0) }
            baseline.restart(with: slowValues)
            episode = nil
            status = .normal
            return .baselineMoved(BaselineShift(
                phase: phase, fromMs: current.usual.median, toMs: baseline.recent?.median ?? current.usual.median,
                at: at))
        }
        var event: Event?
        if !current.degraded, sustained, span >= policy.minimumDuration.milliseconds {
            current.degraded = true
            event = .degraded(explain(current, until: at))
        }
        episode = current
        status = current.degraded ? .degraded : .deviating
        return event
    }

    private func explain(_ episode: Episode, until: Int64) -> AnomalyExplanation {
        AnomalyExplanation(
            phase: phase, usualMs: episode.usual.median,
            currentMs: episode.slowSamples.estimate()?.median ?? episode.usual.median,
            since: episode.startedAt, until: until, seasonal: episode.usual.seasonal)
    }
}
