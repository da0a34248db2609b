import Foundation
import TrustMonitorCore
import TrustMonitorStore

/// A maintenance window as the API lists it, the file's and the API's alike: its keys as written in config form,
/// plus its id, owner, when a one-off window ends, and whether it holds alerts now.
struct MaintenanceListing: Encodable {
    let id: String
    let source: MonitorSource
    let window: MaintenanceWindow
    let createdAt: Date?
    let createdBy: String?
    let now: Date

    enum CodingKeys: String, CodingKey {
        case id, source, name, monitors, tags, duration, every, active
        case startsAt = "starts_at", endsAt = "ends_at", createdAt = "created_at", createdBy = "created_by"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(source, forKey: .source)
        try container.encode(window.name, forKey: .name)
        try container.encode(window.monitors, forKey: .monitors)
        try container.encode(window.tags, forKey: .tags)
        try container.encode(window.start, forKey: .startsAt)
        // A recurring window has no end: null, its `every` saying when it comes back.
        let length = Double(window.duration.milliseconds) / 1000
        let end = window.every == nil ? window.start.addingTimeInterval(length) : nil
        try container.encode(end, forKey: .endsAt)
        try container.encode(DurationText.format(window.duration), forKey: .duration)
        try container.encode(window.every.map(DurationText.format), forKey: .every)
        try container.encode(window.isActive(at: now), forKey: .active)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(createdBy, forKey: .createdBy)
    }
}
