import TrustMonitorCore

/// A monitor's `verify: {probes, quorum, within, recheck_delay}` and `recover: {quorum}`.
extension VerificationPolicy {
    static let verifyKeys = ["probes", "quorum", "within", "recheck_delay"]
    static let recoverKeys = ["quorum"]
    /// Other probes to ask; beyond this, verification waits on more machines than any deployment has.
    static let probeRange = 0...20

    /// The policy, with `VerificationPolicy.default`'s value for each key left out; nil on any problem.
    ///
    /// A quorum left out is the default capped at `probes + 1`, so `probes: 0` alone means "the primary
    /// decides" instead of a quorum that can never be reached.
    static func read(from monitor: ConfigMapping) -> VerificationPolicy? {
        monitor.reader.unlessProblems {
            var policy = VerificationPolicy.default
            let verify = monitor.mapping("verify", known: verifyKeys)
            let recover = monitor.mapping("recover", known: recoverKeys)
            if let probes = verify?.integer("probes", in: probeRange) { policy.probes = probes }
            if let within = verify?.duration("within", positive: true) { policy.within = within }
            if let delay = verify?.duration("recheck_delay", positive: false) { policy.recheckDelay = delay }
            policy.quorum = readQuorum(verify, probes: policy.probes) ?? min(policy.quorum, policy.probes + 1)
            policy.recoverQuorum = readQuorum(recover, probes: policy.probes)
                ?? min(policy.recoverQuorum, policy.probes + 1)
            return policy
        }
    }

    /// A quorum counts the primary probe as one, so it can be 1 (the primary alone decides) up to
    /// `probes + 1` (every probe must agree); more could never be reached and would hide every failure.
    private static func readQuorum(_ mapping: ConfigMapping?, probes: Int) -> Int? {
        guard let mapping, let quorum = mapping.integer("quorum") else { return nil }
        if quorum < 1 {
            mapping.report("quorum must be at least 1 (found \(quorum))", key: "quorum")
        } else if quorum > probes + 1 {
            mapping.report("quorum \(quorum) can never be reached with \(probes) other probe"
                + "\(probes == 1 ? "" : "s") (at most probes + 1 = \(probes + 1); the primary counts as one)",
                key: "quorum")
        }
        return quorum
    }
}
