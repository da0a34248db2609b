import Foundation
public import TrustMonitorConfig
import TrustMonitorCore
public import TrustMonitorStore

/// Where a monitor's SLA history comes from: the store (incidents, hourly rollups, degradations, the API's
/// maintenance windows and monitors) and the configuration (the file's windows and monitors' tags). Read here, and
/// only here, so the report, the daily summary and the API read it alike.
public struct SLASources: Sendable {
    let store: any Store
    let configuration: Configuration?
    /// The windows and every monitor's tags, read once for a run over many monitors (see `preloaded()`).
    private var catalog: (windows: [MaintenanceWindow], tags: [String: [String]])?

    /// - Parameter configuration: the file the server runs; nil where there is none (the API's windows only).
    public init(store: any Store, configuration: Configuration?) {
        self.store = store
        self.configuration = configuration
    }

    /// These sources with the maintenance windows and every monitor's tags read now, once: the daily summaries go
    /// over every monitor, and reading (and parsing) every API monitor's definition again for each would make a run
    /// over n monitors cost n x n.
    public func preloaded() async throws -> SLASources {
        var tags: [String: [String]] = [:]
        for api in try await store.apiMonitors() {
            tags[api.record.id] = Self.tags(of: api)
        }
        let configured = Dictionary((configuration?.monitors ?? []).map { ($0.name, $0.tags) },
                                    uniquingKeysWith: { first, _ in first })
        for record in try await store.monitors() {
            if let own = configured[record.name] { tags[record.id] = own }
        }
        var copy = self
        copy.catalog = (try await windows(), tags)
        return copy
    }

    /// Incidents are read at most this many per monitor (newest first): far more than any monitor has.
    static let incidentLimit = 1_000_000

    /// `monitor`'s history over `span`, as it stands at `now` (open incidents and degradations last until then),
    /// and its incidents and degradation periods that overlap the span.
    func history(of monitor: MonitorRecord, span: Range<Int64>, now: Int64) async throws
        -> (SLAHistory, [Incident], [DegradationRecord])
    {
        let incidents = try await store.incidents(state: nil, monitor: monitor.id, limit: Self.incidentLimit)
            .filter { Self.span($0.openedAt, $0.resolvedAt, now: now).overlaps(span) }
            .sorted { ($0.openedAt, $0.id) < ($1.openedAt, $1.id) }
        let degradations = try await store.degradations(monitor: monitor.id, from: UTCSeconds.date(span.lowerBound),
                                                        to: UTCSeconds.date(span.upperBound))
        let rollups = try await store.rollups(monitor: monitor.id, period: .hour,
                                              from: UTCSeconds.date(UTCSeconds.floor(span.lowerBound, UTCSeconds.hour)),
                                              to: UTCSeconds.date(span.upperBound))
        var tags: [String], windows: [MaintenanceWindow]
        if let catalog {
            (tags, windows) = (catalog.tags[monitor.id] ?? [], catalog.windows)
        } else {
            (tags, windows) = (try await self.tags(of: monitor), try await self.windows())
        }
        windows = windows.filter { $0.covers(monitor: monitor.name, tags: tags) }
        // Recurring windows are expanded from the monitor's first day on, not from a period's start years before.
        let created = UTCSeconds.floor(UTCSeconds.of(monitor.createdAt), UTCSeconds.day)
        let expanded = min(max(span.lowerBound, created), span.upperBound)..<span.upperBound
        let history = SLAHistory(
            createdAt: UTCSeconds.of(monitor.createdAt), intervalMs: monitor.intervalMs,
            incidents: incidents.map { .init(id: $0.id, span: Self.span($0.openedAt, $0.resolvedAt, now: now)) },
            maintenance: SecondSpans(windows.flatMap { $0.spans(overlapping: expanded).spans }),
            degraded: SecondSpans(degradations.map { Self.span($0.startedAt, $0.endedAt, now: now) }).clamped(to: span),
            checksByHour: Dictionary(rollups.map { (UTCSeconds.of($0.start), $0.checks) }, uniquingKeysWith: +))
        return (history, incidents, degradations)
    }

    /// The file's windows and the API's.
    func windows() async throws -> [MaintenanceWindow] {
        (configuration?.maintenance ?? []) + (try await store.maintenanceWindows().map(\.window))
    }

    /// The monitor's tags: the file's monitor of that name, or else the API's definition of it.
    func tags(of monitor: MonitorRecord) async throws -> [String] {
        if let configured = configuration?.monitors.first(where: { $0.name == monitor.name }) { return configured.tags }
        guard let api = try await store.apiMonitors().first(where: { $0.record.id == monitor.id }) else { return [] }
        return Self.tags(of: api)
    }

    /// An API monitor's tags, from its definition as the API took it.
    static func tags(of api: APIMonitor) -> [String] {
        (try? MonitorConfig.parse(json: api.definition, knownChannels: nil))?.tags ?? []
    }

    /// `[start, end)` in whole seconds, an open one ending at `now`.
    static func span(_ start: Date, _ end: Date?, now: Int64) -> Range<Int64> {
        let from = UTCSeconds.of(start)
        return from..<max(from, end.map(UTCSeconds.of) ?? now)
    }
}
