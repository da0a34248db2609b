import Foundation
import TrustMonitorConfig
import TrustMonitorCore
import TrustMonitorStore

/// A monitor as the API shows it: the stored record, who owns it, whether the API may change it, whether it is
/// paused, and (for one monitor) its definition in config form, header values redacted.
struct MonitorListing: Encodable {
    let record: MonitorRecord
    /// Nil: not shown (lists); `.some(nil)`: shown as null (a file monitor this replica's configuration lacks).
    let definition: ConfigValue??

    init(_ record: MonitorRecord, definition: ConfigValue?? = nil) {
        self.record = record
        self.definition = definition
    }

    enum CodingKeys: String, CodingKey {
        case id, name, endpoint, state, retired, source, paused, definition
        case intervalMs = "interval_ms", stateSince = "state_since", createdAt = "created_at", readOnly = "read_only"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(record.id, forKey: .id)
        try container.encode(record.name, forKey: .name)
        try container.encode(record.endpoint, forKey: .endpoint)
        try container.encode(record.intervalMs, forKey: .intervalMs)
        try container.encode(record.state, forKey: .state)
        try container.encode(record.stateSince, forKey: .stateSince)
        try container.encode(record.createdAt, forKey: .createdAt)
        try container.encode(record.retired, forKey: .retired)
        try container.encode(record.source, forKey: .source)
        try container.encode(record.source == .config, forKey: .readOnly)
        // A file monitor's `paused: true` shows as its state; an API monitor's flag is its own.
        try container.encode(record.source == .api ? record.paused : record.state == .paused, forKey: .paused)
        if let definition { try container.encode(definition, forKey: .definition) }
    }
}
