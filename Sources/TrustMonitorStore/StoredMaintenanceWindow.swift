public import struct Foundation.Date
public import TrustMonitorCore

/// A maintenance window made through the API (the file's own windows live in the configuration).
public struct StoredMaintenanceWindow: Sendable, Equatable {
    /// `mnt_` and 12 hex digits.
    public var id: String
    public var window: MaintenanceWindow
    public var createdAt: Date
    /// The API token's name that made it.
    public var createdBy: String

    public init(id: String, window: MaintenanceWindow, createdAt: Date, createdBy: String) {
        self.id = id
        self.window = window
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

enum MaintenanceID {
    static func make() -> String { "mnt_" + MonitorID.make().dropFirst(4) }
}

/// One `maintenance_windows` row's values, read and written alike by every backend.
struct MaintenanceRow {
    static let columns = "id, name, start_ms, duration_ms, every_ms, monitors, tags, created_ms, created_by"

    var id: String
    var name: String
    var startMs: Int64
    var durationMs: Int64
    var everyMs: Int64?
    /// JSON lists of names.
    var monitors: String
    var tags: String
    var createdMs: Int64
    var createdBy: String

    init(id: String, name: String, startMs: Int64, durationMs: Int64, everyMs: Int64?, monitors: String, tags: String,
         createdMs: Int64, createdBy: String) {
        self.id = id
        self.name = name
        self.startMs = startMs
        self.durationMs = durationMs
        self.everyMs = everyMs
        self.monitors = monitors
        self.tags = tags
        self.createdMs = createdMs
        self.createdBy = createdBy
    }

    init(_ stored: StoredMaintenanceWindow) throws {
        let window = stored.window
        self.init(id: stored.id, name: window.name, startMs: window.start.epochMilliseconds,
                  durationMs: window.duration.milliseconds, everyMs: window.every?.milliseconds,
                  monitors: try StoreJSON.encode(window.monitors), tags: try StoreJSON.encode(window.tags),
                  createdMs: stored.createdAt.epochMilliseconds, createdBy: stored.createdBy)
    }

    func stored() throws -> StoredMaintenanceWindow {
        let what = "maintenance window \(id)"
        let window = MaintenanceWindow(
            name: name, start: Date(epochMilliseconds: startMs), duration: .milliseconds(durationMs),
            every: everyMs.map { .milliseconds($0) },
            monitors: try StoreJSON.decode([String].self, text: monitors, what: what),
            tags: try StoreJSON.decode([String].self, text: tags, what: what))
        return StoredMaintenanceWindow(id: id, window: window, createdAt: Date(epochMilliseconds: createdMs),
                                       createdBy: createdBy)
    }
}
