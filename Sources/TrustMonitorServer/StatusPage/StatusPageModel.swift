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

    /// Whether the page shows this monitor (and so may tell of its incidents): retired monitors never.
    func shows(_ monitor: MonitorRecord) -> Bool {
        !monitor.retired && (groups.isEmpty || groups.contains { $0.monitors.contains(monitor.name) })
    }
}

/// What the public status page shows, read from the store in one place so the renderer is a pure function of it.
struct StatusPageModel {
    struct Monitor {
        var name: String
        var endpoint: String
        var state: ShownState
        var since: Date
        /// What is unusual while it is degraded ("Response time 3.1x its usual 40 ms for 7 minutes"), and since when.
        var degradation: (explanation: String, since: Date)? = nil
        /// One cell per day of `StatusPageModel.dayLabels`, oldest first: scheduled checks, and how many were up.
        var days: [RollupGrid.Cell]
        /// One cell per hour of the last day, oldest first, for the mean response time.
        var hours: [RollupGrid.Cell]

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
    /// The days of the uptime bars ("2026-11-25"), oldest first: the same for every monitor, so made once.
    var dayLabels: [String]

    var monitors: [Monitor] { groups.flatMap(\.monitors) }

    static let days = 90
    /// Resolved incidents shown, newest first (open ones are all shown).
    static let resolvedShown = 20

    /// Every monitor not retired (by name), with 90 days of daily rollups and a day of hourly ones, and the newest
    /// incidents, open ones first. Five queries whatever the number of monitors (one open incident per monitor at
    /// most); with `history`, the rollups' settled buckets come from there and only the last two are read.
    static func load(store: any Store, layout: StatusPageLayout, now: Date, history: RollupHistory? = nil) async throws
        -> StatusPageModel
    {
        // The reads at once: on PostgreSQL each has its own connection; SQLite takes them one after another.
        async let stored = store.monitors()
        async let dailyGrid = RollupGrid.read(.day, count: days, now: now, from: store, history: history)
        async let hourlyGrid = RollupGrid.read(.hour, count: 24, now: now, from: store, history: history)
        async let openIncidents = store.incidents(state: .open, monitor: nil, limit: 10_000)
        // Showing every monitor, the newest resolved incidents are the ones shown; with groups, some may be hidden.
        async let resolvedIncidents = store.incidents(state: .resolved, monitor: nil,
                                                      limit: layout.groups.isEmpty ? resolvedShown : 200)
        async let openDegradations = store.openDegradations()
        let records = try await stored.filter(layout.shows)
        // Latency first: of two open periods, the slowdown is what a reader notices.
        let degradations = Dictionary(try await openDegradations.sorted { $0.kind == .latency && $1.kind != .latency }
            .map { ($0.monitor, $0) }, uniquingKeysWith: { first, _ in first })
        let daily = try await dailyGrid, hourly = try await hourlyGrid
        var monitors: [String: Monitor] = [:]
        for record in records {
            let degradation = degradations[record.id]
            let state = ShownState(record.state, degraded: degradation != nil)
            monitors[record.name] = Monitor(
                name: record.name, endpoint: record.endpoint, state: state, since: record.stateSince,
                degradation: state == .degraded ? degradation.map { ($0.explanation, $0.startedAt) } : nil,
                days: daily.cells(record.id), hours: hourly.cells(record.id))
        }
        let groups = layout.groups.isEmpty
            ? [Group(name: nil, monitors: monitors.values.sorted { $0.name < $1.name })]
            : layout.groups.map { Group(name: $0.name, monitors: $0.monitors.compactMap { monitors[$0] }) }
        // A public page shows the incidents of the monitors it shows, and no others.
        let ids = Set(records.map(\.id))
        let open = try await openIncidents.filter { ids.contains($0.monitor) }
        let resolved = try await resolvedIncidents.filter { ids.contains($0.monitor) }
        return StatusPageModel(title: layout.title, generatedAt: now, groups: groups,
                               incidents: open + resolved.prefix(resolvedShown), dayLabels: daily.starts.map(PageText.day))
    }
}
