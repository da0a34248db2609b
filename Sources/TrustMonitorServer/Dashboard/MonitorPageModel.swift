import Foundation
import TrustMonitorCore
import TrustMonitorStore

/// `/dashboard/monitors/{id}`: one monitor's recent checks phase by phase, each probe's latest look, its conditions
/// with their latest results, and its recent incidents.
struct MonitorPageModel {
    /// The newest look of one probe.
    struct ProbeLook {
        var probe: String
        /// The probe's region; nil for the server's own probe.
        var region: String?
        var role: ProbeVerdict.Role
        var observation: Observation
    }

    /// A configured condition and its result in the newest check that judged conditions (nil: not judged yet, or
    /// the check failed before a response).
    struct ConditionRow {
        var condition: String
        var result: ConditionResult?
    }

    var generatedAt: Date
    var monitor: MonitorRecord
    /// Whether the page offers pause and resume: for a monitor the API owns, where the server can change monitors.
    var pausable: Bool
    var tags: [String]
    /// The newest checks, oldest first, for the phase chart.
    var samples: [ObservationRecord]
    var probes: [ProbeLook]
    var conditions: [ConditionRow]
    /// When the conditions' results were judged.
    var conditionsJudgedAt: Date?
    var incidents: [Incident]
    /// The scheduled checks of the last 24 hours.
    var day: RollupGrid.Cell
    /// Its degradation periods of the last 30 days, newest first.
    var degradations: [DegradationRecord] = []

    /// Up and degraded while a degradation period is open.
    var state: ShownState { ShownState(monitor.state, degraded: degradations.contains { $0.endedAt == nil }) }

    static let samples = 60

    /// Nil when there is no such monitor.
    static func load(store: any Store, sources: DashboardSources, id: String, now: Date, canChange: Bool = false)
        async throws -> MonitorPageModel?
    {
        guard let monitor = try await store.monitor(id: id) else { return nil }
        let recent = try await store.observations(monitor: monitor.id, since: nil, limit: 200)
        let regions = Dictionary(try await store.probes().map { ($0.name, $0.region) }, uniquingKeysWith: { a, _ in a })
        var seen: Set<String> = []
        let probes = recent.filter { seen.insert($0.probe).inserted }.map {
            ProbeLook(probe: $0.probe, region: regions[$0.probe], role: $0.role, observation: $0.observation)
        }
        let definition = await sources.definitions([monitor.id])[monitor.id]
        let judged = recent.first { !$0.observation.conditions.isEmpty }?.observation
        var conditions = (definition?.request.conditions.map(\.source) ?? []).map { source in
            ConditionRow(condition: source, result: judged?.conditions.first { $0.condition == source })
        }
        // Without the definition (a standby), the conditions are the ones the newest check judged.
        if definition == nil, let judged { conditions = judged.conditions.map { ConditionRow(condition: $0.condition, result: $0) } }
        var day = RollupGrid(period: .hour, count: 24, now: now)
        day.add(try await store.rollups(monitor: monitor.id, period: .hour, from: day.from, to: now))
        let degradations = try await store.degradations(monitor: monitor.id, from: now.addingTimeInterval(-30 * 86_400),
                                                        to: now.addingTimeInterval(1))
        return MonitorPageModel(
            generatedAt: now, monitor: monitor, pausable: canChange && monitor.source == .api, tags: definition?.tags ?? [],
            samples: Array(recent.prefix(samples).reversed()), probes: probes, conditions: conditions,
            conditionsJudgedAt: judged?.startedAt,
            incidents: try await store.incidents(state: nil, monitor: monitor.id, limit: 10), day: day.total(monitor.id),
            degradations: degradations.reversed())
    }
}
