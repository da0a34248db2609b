/// The verdict logic of one monitor: when a failure becomes an incident, and a success a recovery.
///
/// Pure: it takes probe verdicts and returns actions, so "one bad response opens nothing", "an outage opens
/// exactly one incident" and "one good response does not resolve it" are tested with plain values. The
/// engine executes the actions (asks for re-checks, writes the store) and feeds the results back.
public struct MonitorLifecycle: Sendable {
    public private(set) var state: MonitorState
    private var episode: Episode?

    /// An episode in progress: the verdicts so far and how many more were asked for.
    struct Episode: Sendable {
        enum Purpose: Sendable { case confirmFailure, confirmRecovery }
        var purpose: Purpose
        var verdicts: [ProbeVerdict]
        var awaiting: Int
    }

    public enum Input: Sendable {
        /// The scheduled check's result (after its retry policy).
        case primary(ProbeVerdict)
        /// A re-check asked for by `requestVerification`.
        case verification(ProbeVerdict)
        /// The verification policy's `within` elapsed: decide with the verdicts in hand.
        case verificationTimedOut
    }

    public enum Action: Sendable {
        case stateChanged(MonitorState)
        /// Ask `count` independent looks, each after `delay`.
        case requestVerification(count: Int, delay: Duration)
        /// A quorum confirmed the failure: open an incident (the engine sets the monitor down with it).
        case openIncident(failure: Failure, verdicts: [ProbeVerdict])
        /// Verification did not confirm: record the episode, alert nobody.
        case recordSuppressed(failure: Failure, verdicts: [ProbeVerdict], reason: String)
        /// A quorum confirmed the recovery.
        case resolveIncident(verdicts: [ProbeVerdict])
    }

    public init(state: MonitorState) {
        self.state = state == .suspect ? .up : state
    }

    /// True while re-checks are outstanding: the engine holds further scheduled checks of this monitor.
    public var isVerifying: Bool { episode != nil }

    public mutating func handle(_ input: Input, policy: VerificationPolicy) -> [Action] {
        guard state != .paused else { return [] }
        switch input {
        case .primary(let verdict):
            guard episode == nil else { return [] }
            return primary(verdict, policy: policy)
        case .verification(let verdict):
            guard var current = episode else { return [] }
            current.verdicts.append(verdict)
            current.awaiting -= 1
            episode = current
            return decide(policy: policy, final: current.awaiting <= 0)
        case .verificationTimedOut:
            guard episode != nil else { return [] }
            return decide(policy: policy, final: true)
        }
    }

    public mutating func pause() -> [Action] {
        episode = nil
        return transition(to: .paused)
    }

    /// Back from a pause: the next check decides the state, as for a new monitor.
    public mutating func resume() -> [Action] {
        guard state == .paused else { return [] }
        return transition(to: .pending)
    }

    private mutating func primary(_ verdict: ProbeVerdict, policy: VerificationPolicy) -> [Action] {
        switch (state, verdict.isUp) {
        case (.pending, true), (.up, true), (.suspect, true):
            return transition(to: .up)
        case (.down, false):
            return []
        case (.pending, false), (.up, false), (.suspect, false):
            episode = Episode(purpose: .confirmFailure, verdicts: [verdict], awaiting: policy.probes)
            return transition(to: .suspect) + askOrDecide(count: policy.probes, policy: policy)
        case (.down, true):
            let needed = max(policy.recoverQuorum - 1, 0)
            episode = Episode(purpose: .confirmRecovery, verdicts: [verdict], awaiting: needed)
            return askOrDecide(count: needed, policy: policy)
        case (.paused, _):
            return []
        }
    }

    private mutating func askOrDecide(count: Int, policy: VerificationPolicy) -> [Action] {
        let early = decide(policy: policy, final: count <= 0)
        if !early.isEmpty || episode == nil { return early }
        return [.requestVerification(count: count, delay: policy.recheckDelay)]
    }

    /// Decides as soon as the outcome is certain, or with what is in hand when `final`.
    private mutating func decide(policy: VerificationPolicy, final: Bool) -> [Action] {
        guard let current = episode else { return [] }
        let downs = current.verdicts.filter { !$0.isUp }.count
        let ups = current.verdicts.count - downs
        switch current.purpose {
        case .confirmFailure:
            if downs >= policy.quorum {
                episode = nil
                let failure = current.verdicts.first?.observation.failure ?? Failure(.readTimeout, "unknown")
                return transition(to: .down) + [.openIncident(failure: failure, verdicts: current.verdicts)]
            }
            let stillPossible = downs + current.awaiting >= policy.quorum
            guard final || !stillPossible else { return [] }
            episode = nil
            let failure = current.verdicts.first?.observation.failure ?? Failure(.readTimeout, "unknown")
            let reason = "\(downs) of \(policy.quorum) confirmations needed (\(ups) look\(ups == 1 ? "" : "s") saw it up)"
            return transition(to: .up)
                + [.recordSuppressed(failure: failure, verdicts: current.verdicts, reason: reason)]
        case .confirmRecovery:
            if ups >= policy.recoverQuorum {
                episode = nil
                return transition(to: .up) + [.resolveIncident(verdicts: current.verdicts)]
            }
            // Any failure during recovery, or too few successes in time: still down, no flapping.
            if downs > 0 || final { episode = nil }
            return []
        }
    }

    private mutating func transition(to next: MonitorState) -> [Action] {
        guard next != state else { return [] }
        state = next
        return [.stateChanged(next)]
    }
}
