import Foundation
import TrustMonitorCore
import TrustMonitorStore

/// The status page's title and which monitors it shows, in which groups (empty: every monitor, by name).
public struct StatusPageLayout: Sendable {
    public var title: String
    public var groups: [(name: String, monitors: [String])]

    public init(title: String = "Status", groups: [(name: String, monitors: [String])] = []) {
        self.title = title
        self.groups = groups
    }
}

/// What the public status page shows, read from the store in one place so the renderer is a pure function of it.
struct StatusPageModel {
    struct Monitor {
        var name: String
        var endpoint: String
        var state: MonitorState
        var since: Date
        /// One entry per day, oldest first: scheduled checks, and how many were up.
        var days: [(start: Date, up: Int, checks: Int)]
        /// Mean response time per hour over the last day, oldest first; nil: no checks that hour.
        var hours: [(start: Date, milliseconds: Double?)]

        /// The share of the window's checks that were up; nil without checks.
        var uptime: Double? {
            let checks = days.reduce(0) { $0 + $1.checks }
            return checks == 0 ? nil : Double(days.reduce(0) { $0 + $1.up }) / Double(checks)
        }
    }

    /// Monitors under a heading; `name` is nil for the one group of every monitor (no `groups` configured).
    struct Group {
        var name: String?
        var monitors: [Monitor]
    }

    var title: String
    var generatedAt: Date
    var groups: [Group]
    var incidents: [Incident]

    var monitors: [Monitor] { groups.flatMap(\.monitors) }

    static let days = 90

    /// Every monitor not retired (by name), with 90 days of daily rollups and a day of hourly ones, and the newest
    /// incidents, open ones first.
    static func load(store: any Store, layout: StatusPageLayout, now: Date) async throws -> StatusPageModel {
        let calendar = utcCalendar
        let today = calendar.startOfDay(for: now)
        let firstDay = calendar.date(byAdding: .day, value: -(days - 1), to: today) ?? today
        let firstHour = now.addingTimeInterval(-23 * 3600)
        let hourStart = Date(timeIntervalSince1970: (firstHour.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
        let records = try await store.monitors().filter { !$0.retired }
        let shown = layout.groups.isEmpty ? Set(records.map(\.name)) : Set(layout.groups.flatMap(\.monitors))
        var monitors: [String: Monitor] = [:]
        var ids: Set<String> = []
        for record in records where shown.contains(record.name) {
            ids.insert(record.id)
            let daily = try await store.rollups(monitor: record.id, period: .day, from: firstDay, to: now)
            let hourly = try await store.rollups(monitor: record.id, period: .hour, from: hourStart, to: now)
            let byDay = Dictionary(daily.map { (calendar.startOfDay(for: $0.start), $0) }, uniquingKeysWith: { a, _ in a })
            let byHour = Dictionary(hourly.map { ($0.start, $0) }, uniquingKeysWith: { a, _ in a })
            monitors[record.name] = Monitor(
                name: record.name, endpoint: record.endpoint, state: record.state, since: record.stateSince,
                days: (0..<days).map { offset in
                    let day = calendar.date(byAdding: .day, value: offset, to: firstDay) ?? firstDay
                    return (day, byDay[day]?.up ?? 0, byDay[day]?.checks ?? 0)
                },
                hours: (0..<24).map { offset in
                    let hour = hourStart.addingTimeInterval(Double(offset) * 3600)
                    let rollup = byHour[hour]
                    return (hour, rollup.flatMap { $0.checks > 0 ? $0.totalMsSum / Double($0.checks) : nil })
                })
        }
        let groups = layout.groups.isEmpty
            ? [Group(name: nil, monitors: monitors.values.sorted { $0.name < $1.name })]
            : layout.groups.map { Group(name: $0.name, monitors: $0.monitors.compactMap { monitors[$0] }) }
        // A public page shows the incidents of the monitors it shows, and no others.
        let open = try await store.incidents(state: .open, monitor: nil, limit: 200).filter { ids.contains($0.monitor) }
        let resolved = try await store.incidents(state: .resolved, monitor: nil, limit: 200).filter { ids.contains($0.monitor) }
        return StatusPageModel(title: layout.title, generatedAt: now, groups: groups,
                               incidents: open + resolved.prefix(20))
    }

    static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()
}
