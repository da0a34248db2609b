import Foundation
import TrustMonitorConfig
import TrustMonitorCore
import TrustMonitorStore

/// A monitor as the API shows it: the stored record, who owns it, whether the API may change it, whether it is
/// paused, what is unusual about it now (its open degradations: `state` is then `degraded`), and (for one monitor)
/// its definition in config form, header values redacted.
struct MonitorListing: Encodable {
    let record: MonitorRecord
    /// Its open degradation periods.
    let degradations: [DegradationRecord]
    /// Nil: not shown (lists); `.some(nil)`: shown as null (a file monitor this replica's configuration lacks).
    let definition: ConfigValue??

    init(_ record: MonitorRecord, degradations: [DegradationRecord] = [], definition: ConfigValue?? = nil) {
        self.record = record
        self.degradations = degradations
        self.definition = definition
    }

    enum CodingKeys: String, CodingKey {
        case id, name, endpoint, state, retired, source, paused, definition, degradations
        case intervalMs = "interval_ms", stateSince = "state_since", createdAt = "created_at", readOnly = "read_only"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(record.id, forKey: .id)
        try container.encode(record.name, forKey: .name)
        try container.encode(record.endpoint, forKey: .endpoint)
        try container.encode(record.intervalMs, forKey: .intervalMs)
        try container.encode(ShownState(record.state, degraded: !degradations.isEmpty), forKey: .state)
        try container.encode(record.stateSince, forKey: .stateSince)
        try container.encode(record.createdAt, forKey: .createdAt)
        try container.encode(record.retired, forKey: .retired)
        try container.encode(record.source, forKey: .source)
        try container.encode(record.source == .config, forKey: .readOnly)
        // A file monitor's `paused: true` shows as its state; an API monitor's flag is its own.
        try container.encode(record.source == .api ? record.paused : record.state == .paused, forKey: .paused)
        try container.encode(degradations.map(DegradationListing.init), forKey: .degradations)
        if let definition { try container.encode(definition, forKey: .definition) }
    }
}

/// One degradation period as the API shows it: `ended_at` and `ending` are null while it lasts.
struct DegradationListing: Encodable {
    let record: DegradationRecord

    init(_ record: DegradationRecord) { self.record = record }

    enum CodingKeys: String, CodingKey {
        case id, kind, explanation, ending
        case startedAt = "started_at", endedAt = "ended_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(record.id, forKey: .id)
        try container.encode(record.kind, forKey: .kind)
        try container.encode(record.explanation, forKey: .explanation)
        try container.encode(record.startedAt, forKey: .startedAt)
        try container.encode(record.endedAt, forKey: .endedAt)
        try container.encode(record.ending, forKey: .ending)
    }
}
