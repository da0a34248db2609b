public import struct Foundation.Date
public import TrustMonitorCore

/// One observation as the columns kept beside its body: enough for a list of monitors ("up, 84 ms, 20 s ago")
/// without decoding each whole observation.
public struct ObservationSummary: Sendable, Equatable {
    public var monitor: String
    public var probe: String
    public var role: ProbeVerdict.Role
    public var startedAt: Date
    public var verdict: Observation.Verdict
    public var failureCode: FailureCode?
    public var status: Int?
    /// The whole check's time in ms; nil when no attempt got that far.
    public var totalMs: Double?

    public init(monitor: String, probe: String, role: ProbeVerdict.Role, startedAt: Date, verdict: Observation.Verdict,
                failureCode: FailureCode?, status: Int?, totalMs: Double?) {
        self.monitor = monitor
        self.probe = probe
        self.role = role
        self.startedAt = startedAt
        self.verdict = verdict
        self.failureCode = failureCode
        self.status = status
        self.totalMs = totalMs
    }

    /// Reads the stored text columns back into values; text no build of ours wrote is `StoreError.corrupt`.
    static func decoding(monitor: String, probe: String, role: String, startedAtMs: Int64, verdict: String,
                         failureCode: String?, status: Int64?, totalMs: Double?) throws -> ObservationSummary {
        guard let role = ProbeVerdict.Role(rawValue: role), let verdict = Observation.Verdict(rawValue: verdict) else {
            throw StoreError.corrupt("the newest observation of \(monitor) has role '\(role)', verdict '\(verdict)'")
        }
        let code = try failureCode.map { text in
            guard let code = FailureCode(rawValue: text) else {
                throw StoreError.corrupt("the newest observation of \(monitor) has unknown failure code '\(text)'")
            }
            return code
        }
        return ObservationSummary(monitor: monitor, probe: probe, role: role,
                                  startedAt: Date(epochMilliseconds: startedAtMs), verdict: verdict,
                                  failureCode: code, status: status.map { Int($0) }, totalMs: totalMs)
    }
}
