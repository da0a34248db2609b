/// Checks and suppressed failures (failures verification did not confirm) counted over a span of time.
public struct ErrorRateWindow: Sendable, Equatable {
    public var checks: Int
    public var failures: Int
    public var span: Duration

    public init(checks: Int, failures: Int, span: Duration) {
        self.checks = checks
        self.failures = failures
        self.span = span
    }

    /// Failures per check, 0 without checks.
    public var rate: Double { checks > 0 ? Double(min(failures, checks)) / Double(checks) : 0 }
}

/// When a rising rate of suppressed failures is an anomaly: flaky before it is down. One rule a person can
/// check by hand: the recent rate is at least `minimumFactor` times the usual rate (never taken below
/// `rateFloor`), with at least `minimumFailures` failures, against a baseline of at least `minimumBaselineChecks`.
public struct ErrorRatePolicy: Sendable, Equatable {
    public var minimumFactor: Double
    /// The usual rate assumed at least this, so 2 failures against a spotless history are not "infinitely worse".
    public var rateFloor: Double
    public var minimumFailures: Int
    public var minimumBaselineChecks: Int

    /// 3x the usual rate, the usual taken as at least 0.5% (so at least 1.5% of checks failing), and at least
    /// 3 failures: one lost packet an hour is noise, one check in twenty failing is not.
    public static let `default` = ErrorRatePolicy(
        minimumFactor: 3, rateFloor: 0.005, minimumFailures: 3, minimumBaselineChecks: 100)

    public init(minimumFactor: Double, rateFloor: Double, minimumFailures: Int, minimumBaselineChecks: Int) {
        self.minimumFactor = minimumFactor
        self.rateFloor = rateFloor
        self.minimumFailures = minimumFailures
        self.minimumBaselineChecks = minimumBaselineChecks
    }

    /// The anomaly when `current` (recent checks) is abnormal against `baseline` (the usual, a longer span
    /// before it, not overlapping), else nil.
    public func anomaly(current: ErrorRateWindow, baseline: ErrorRateWindow) -> ErrorRateAnomaly? {
        guard baseline.checks >= minimumBaselineChecks, current.checks > 0,
              current.failures >= minimumFailures else { return nil }
        let usual = max(baseline.rate, rateFloor)
        guard current.rate >= minimumFactor * usual else { return nil }
        return ErrorRateAnomaly(current: current, usualRate: baseline.rate, floor: rateFloor, factor: current.rate / usual)
    }
}

/// "Suppressed failures in 12% of checks over the last 60 minutes (9 of 75), 24x the usual 0.5%".
public struct ErrorRateAnomaly: Sendable, Equatable, CustomStringConvertible {
    public var current: ErrorRateWindow
    public var usualRate: Double
    /// The policy's floor under the usual rate.
    public var floor: Double
    /// Current rate over the usual rate (the usual taken at least the policy's floor).
    public var factor: Double

    /// Against a usual rate under the floor the factor is the floor's, and says so: "3.3x the usual 0.1%" would be
    /// arithmetic nobody can check.
    public var description: String {
        let against = usualRate < floor
            ? "the \(Self.percent(floor)) floor (usually \(Self.percent(usualRate)))"
            : "the usual \(Self.percent(usualRate))"
        return "Suppressed failures in \(Self.percent(current.rate)) of checks over the last "
            + "\(AnomalyText.span(milliseconds: current.span.milliseconds)) "
            + "(\(current.failures) of \(current.checks)), \(AnomalyText.factor(factor)) \(against)"
    }

    /// "12%" from 10%, "4.2%" below it, "0.05%" below 0.1%.
    static func percent(_ rate: Double) -> String {
        let value = rate * 100
        if value >= 10 { return "\(Int(value.rounded()))%" }
        if value >= 0.1 { return "\((value * 10).rounded() / 10)%" }
        return "\((value * 100).rounded() / 100)%"
    }
}
