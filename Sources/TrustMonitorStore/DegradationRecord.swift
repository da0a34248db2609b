public import struct Foundation.Date

/// What made a monitor degraded: slower than its learned baseline, or failing (suppressed) more often than usual.
public enum DegradationKind: String, Codable, Sendable, CaseIterable {
    case latency
    case errorRate = "error_rate"
}

/// One period a monitor was degraded: up, but not as usual. Kept as history (status pages, SLA reports count its
/// time), never as downtime; its start and end are ledger entries, so the degraded time a report states is provable.
public struct DegradationRecord: Codable, Sendable, Equatable, Identifiable {
    /// `deg_` and 12 hex digits.
    public var id: String
    public var monitor: String
    public var kind: DegradationKind
    public var startedAt: Date
    /// Nil while it lasts.
    public var endedAt: Date?
    /// For a person: "TLS handshake 4.1x its usual 40 ms for 6 minutes, in 2 of 3 regions". Updated when it ends, to
    /// cover the whole period.
    public var explanation: String
    /// How it ended: "recovered", "an incident opened", a baseline that moved ("the new normal: ..."). Nil while open.
    public var ending: String?

    public init(id: String, monitor: String, kind: DegradationKind, startedAt: Date, endedAt: Date? = nil,
                explanation: String, ending: String? = nil) {
        self.id = id
        self.monitor = monitor
        self.kind = kind
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.explanation = explanation
        self.ending = ending
    }

    public static func makeID() -> String { "deg_" + MonitorID.make().dropFirst(4) }
}

/// One `degradations` row's columns, read alike by every backend.
enum DegradationRow {
    static let columns = "id, monitor_id, kind, started_ms, ended_ms, explanation, ending"

    static func record(id: String, monitor: String, kind: String, startedMs: Int64, endedMs: Int64?,
                       explanation: String, ending: String?) throws -> DegradationRecord {
        guard let kind = DegradationKind(rawValue: kind) else {
            throw StoreError.corrupt("degradation \(id) has an unknown kind \(kind)")
        }
        return DegradationRecord(id: id, monitor: monitor, kind: kind, startedAt: Date(epochMilliseconds: startedMs),
                                 endedAt: endedMs.map(Date.init(epochMilliseconds:)), explanation: explanation,
                                 ending: ending)
    }
}
