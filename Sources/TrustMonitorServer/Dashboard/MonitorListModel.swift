import Foundation
import TrustMonitorCore
import TrustMonitorStore

/// `/dashboard`: every monitor with its state, a day's uptime, its last check; counts per state over all monitors;
/// the rows narrowed by the filter. Four queries whatever the number of monitors (one open incident per monitor at
/// most, so the open ones are never more than the monitors).
struct MonitorListModel {
    struct Row {
        var id: String
        var name: String
        var endpoint: String
        var state: ShownState
        var since: Date
        /// What is unusual while it is degraded.
        var degradation: String?
        /// The scheduled checks of the last 24 hours.
        var day: RollupGrid.Cell
        var latest: ObservationSummary?
        var tags: [String]
        var openIncident: String?
    }

    /// What the list is narrowed to: the query parameters `state`, `tag` and `q` (a piece of the name, any case).
    struct Filter: Equatable {
        var state: ShownState?
        var tag: String?
        var search: String?

        static let maxSearch = 200

        init(state: ShownState? = nil, tag: String? = nil, search: String? = nil) {
            self.state = state
            self.tag = tag
            self.search = search
        }

        /// Reads the filter from query parameters; empty ones (a form's "all") mean no filter.
        static func parse(_ parameter: (String) -> String?) throws(APIError) -> Filter {
            func value(_ name: String) -> String? {
                parameter(name).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            var filter = Filter(tag: value("tag"), search: value("q"))
            if let text = value("state") {
                guard let state = ShownState(rawValue: text) else {
                    throw APIError.badParameter("state", "'\(text)' is not one of "
                        + ShownState.allCases.map(\.rawValue).joined(separator: ", "))
                }
                filter.state = state
            }
            if let search = filter.search, search.count > maxSearch {
                throw APIError.badParameter("q", "at most \(maxSearch) characters")
            }
            if let tag = filter.tag, tag.count > maxSearch {
                throw APIError.badParameter("tag", "at most \(maxSearch) characters")
            }
            return filter
        }

        var isEmpty: Bool { state == nil && tag == nil && search == nil }

        func matches(_ row: Row) -> Bool {
            if let state, row.state != state { return false }
            if let tag, !row.tags.contains(tag) { return false }
            if let search, row.name.range(of: search, options: [.caseInsensitive, .diacriticInsensitive]) == nil {
                return false
            }
            return true
        }
    }

    var generatedAt: Date
    var filter: Filter
    /// Monitors per state, over all monitors (not only the filtered ones).
    var counts: [ShownState: Int]
    var total: Int
    /// Every tag in use, sorted, for the filter's choices.
    var tags: [String]
    /// The monitors the filter lets through, by name.
    var rows: [Row]

    static func load(store: any Store, sources: DashboardSources, filter: Filter, now: Date) async throws
        -> MonitorListModel
    {
        // The reads at once: on PostgreSQL each has its own connection; SQLite takes them one after another.
        let from = RollupGrid(period: .hour, count: 24, now: now).from
        async let monitors = store.monitors()
        async let totals = store.rollupTotals(period: .hour, from: from, to: now)
        async let summaries = store.latestObservations()
        async let incidents = store.incidents(state: .open, monitor: nil, limit: 10_000)
        async let degradations = store.openDegradations()
        let records = try await monitors.filter { !$0.retired }.sorted { $0.name < $1.name }
        let day = Dictionary(try await totals.map { ($0.monitor, $0) }, uniquingKeysWith: { first, _ in first })
        let latest = Dictionary(try await summaries.map { ($0.monitor, $0) }, uniquingKeysWith: { first, _ in first })
        let open = Dictionary(try await incidents.map { ($0.monitor, $0.id) }, uniquingKeysWith: { first, _ in first })
        let degraded = Dictionary(grouping: try await degradations, by: \.monitor)
        let definitions = await sources.definitions(records.map(\.id))
        let all = records.map { record in
            let state = ShownState(record.state, degraded: degraded[record.id] != nil)
            return Row(
                id: record.id, name: record.name, endpoint: record.endpoint, state: state, since: record.stateSince,
                degradation: state == .degraded ? degraded[record.id]?.map(\.explanation).joined(separator: "; ") : nil,
                day: day[record.id].map { RollupGrid.Cell(checks: $0.checks, up: $0.up, totalMsSum: $0.totalMsSum) }
                    ?? RollupGrid.Cell(),
                latest: latest[record.id], tags: definitions[record.id]?.tags ?? [], openIncident: open[record.id])
        }
        return MonitorListModel(
            generatedAt: now, filter: filter,
            counts: Dictionary(grouping: all, by: \.state).mapValues(\.count), total: all.count,
            tags: Set(all.flatMap(\.tags)).sorted(), rows: all.filter(filter.matches))
    }
}
