public import TrustMonitorEngine

/// What the dashboard shows that the store does not keep: each running monitor's definition (its tags and
/// conditions), from this replica's engine. A standby's engine runs nothing, so there the pages leave tags and
/// configured conditions out rather than guess.
public struct DashboardSources: Sendable {
    /// The definitions of the monitors with these ids that the engine runs, by id.
    public var definitions: @Sendable ([String]) async -> [String: MonitorDefinition]

    public init(definitions: @escaping @Sendable ([String]) async -> [String: MonitorDefinition] = { _ in [:] }) {
        self.definitions = definitions
    }

    /// The definitions `engine` runs.
    public init(engine: MonitorEngine) {
        self.init(definitions: { ids in await engine.definitions(ids: ids) })
    }
}
