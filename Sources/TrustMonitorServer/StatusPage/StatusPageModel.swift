import Foundation
import TrustMonitorCore
import TrustMonitorStore

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

    var title: String
    var generatedAt: Date
    var monitors: [Monitor]
    var incidents: [Incident]

    static let days = 90

    /// Every monitor not retired (by name), with 90 days of daily rollups and a day of hourly ones, and the newest
    /// incidents, open ones first.
    static func load(store: any Store, title: String, now: Date) async throws -> StatusPageModel {
        let calendar = utcCalendar
        let today = calendar.startOfDay(for: now)
        let firstDay = calendar.date(byAdding: .day, value: -(days - 1), to: today) ?? today
        let firstHour = now.addingTimeInterval(-23 * 3600)
        let hourStart = Date(timeIntervalSince1970: (firstHour.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
        var monitors: [Monitor] = []
        for record in try await store.monitors() where !record.retired {
            let daily = try await store.rollups(monitor: record.id, period: .day, from: firstDay, to: now)
            let hourly = try await store.rollups(monitor: record.id, period: .hour, from: hourStart, to: now)
            let byDay = Dictionary(daily.map { (calendar.startOfDay(for: $0.start), $0) }, uniquingKeysWith: { a, _ in a })
            let byHour = Dictionary(hourly.map { ($0.start, $0) }, uniquingKeysWith: { a, _ in a })
            monitors.append(Monitor(
                name: record.name, endpoint: record.endpoint, state: record.state, since: record.stateSince,
                days: (0..<days).map { offset in
                    let day = calendar.date(byAdding: .day, value: offset, to: firstDay) ?? firstDay
                    return (day, byDay[day]?.up ?? 0, byDay[day]?.checks ?? 0)
                },
                hours: (0..<24).map { offset in
                    let hour = hourStart.addingTimeInterval(Double(offset) * 3600)
                    let rollup = byHour[hour]
                    return (hour, rollup.flatMap { $0.checks > 0 ? $0.totalMsSum / Double($0.checks) : nil })
                }))
        }
        monitors.sort { $0.name < $1.name }
        let open = try await store.incidents(state: .open, monitor: nil, limit: 50)
        let resolved = try await store.incidents(state: .resolved, monitor: nil, limit: 20)
        return StatusPageModel(title: title, generatedAt: now, monitors: monitors, incidents: open + resolved)
    }

    static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()
}
