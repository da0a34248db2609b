public import struct Foundation.Date

/// A time when alerts are held for some monitors: checks and records go on, the alerts are kept (state `held`)
/// and shown, not sent. One-off (`every` nil) or recurring every `every` from `start`.
public struct MaintenanceWindow: Sendable, Equatable {
    public var name: String
    public var start: Date
    public var duration: Duration
    public var every: Duration?
    /// Monitors by name, and by tag; both empty: every monitor.
    public var monitors: [String]
    public var tags: [String]

    public init(name: String, start: Date, duration: Duration, every: Duration? = nil, monitors: [String] = [],
                tags: [String] = []) {
        self.name = name
        self.start = start
        self.duration = duration
        self.every = every
        self.monitors = monitors
        self.tags = tags
    }

    public func covers(monitor: String, tags monitorTags: [String]) -> Bool {
        if monitors.isEmpty && tags.isEmpty { return true }
        return monitors.contains(monitor) || !Set(tags).isDisjoint(with: monitorTags)
    }

    /// Whether `date` falls inside an occurrence: [start + k × every, + duration) for some k ≥ 0.
    public func isActive(at date: Date) -> Bool {
        let since = date.timeIntervalSince(start)
        guard since >= 0 else { return false }
        let length = seconds(duration)
        guard let every, seconds(every) > 0 else { return since < length }
        let period = seconds(every)
        return since.truncatingRemainder(dividingBy: period) < length
    }

    /// Whether alerts of this monitor are held at `date` by any of `windows`.
    public static func holds(_ windows: [MaintenanceWindow], monitor: String, tags: [String], at date: Date) -> Bool {
        windows.contains { $0.covers(monitor: monitor, tags: tags) && $0.isActive(at: date) }
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
