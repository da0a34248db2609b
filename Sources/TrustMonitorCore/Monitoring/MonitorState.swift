/// Where a monitor stands. `suspect` is the state between a failed check and its verdict: nobody is paged
/// for it. `pending` is a monitor never checked yet, so a fresh monitor is not shown as up before any
/// evidence exists.
public enum MonitorState: String, Codable, Sendable, CaseIterable {
    case pending, up, suspect, down, paused
}

/// How many independent looks confirm a failure, or a recovery, before it counts.
///
/// With one node, the "other probes" are independent re-checks by the local prober: fresh DNS, fresh
/// connection, after `recheckDelay`. The incident records how independent each confirmation was.
public struct VerificationPolicy: Sendable, Equatable, Codable {
    /// Other probes (or local re-checks) asked after the primary failure.
    public var probes: Int
    /// Confirmations needed to open an incident; the primary counts as one.
    public var quorum: Int
    /// How long verification may take before the episode is decided with the results in hand.
    public var within: Duration
    /// Successes needed to resolve an incident (the primary success counts as one).
    public var recoverQuorum: Int
    /// Wait before a local re-check, so a blip has time to pass.
    public var recheckDelay: Duration

    public static let `default` = VerificationPolicy(
        probes: 1, quorum: 2, within: .seconds(30), recoverQuorum: 2, recheckDelay: .seconds(2))

    public init(probes: Int, quorum: Int, within: Duration, recoverQuorum: Int, recheckDelay: Duration) {
        self.probes = probes
        self.quorum = quorum
        self.within = within
        self.recoverQuorum = recoverQuorum
        self.recheckDelay = recheckDelay
    }

    enum CodingKeys: String, CodingKey {
        case probes, quorum, within = "within_ms", recoverQuorum = "recover_quorum", recheckDelay = "recheck_delay_ms"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        probes = try c.decode(Int.self, forKey: .probes)
        quorum = try c.decode(Int.self, forKey: .quorum)
        within = .milliseconds(try c.decode(Int64.self, forKey: .within))
        recoverQuorum = try c.decode(Int.self, forKey: .recoverQuorum)
        recheckDelay = .milliseconds(try c.decode(Int64.self, forKey: .recheckDelay))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(probes, forKey: .probes)
        try c.encode(quorum, forKey: .quorum)
        try c.encode(within.milliseconds, forKey: .within)
        try c.encode(recoverQuorum, forKey: .recoverQuorum)
        try c.encode(recheckDelay.milliseconds, forKey: .recheckDelay)
    }
}
