extension MonitorEngine {
    /// The running definitions of these monitors, by id, in one hop onto the engine: pages list a thousand
    /// monitors at once. Monitors the engine does not run (retired, or a standby's) are left out.
    public func definitions(ids: [String]) -> [String: MonitorDefinition] {
        var found: [String: MonitorDefinition] = [:]
        for id in ids {
            if let definition = definition(id) { found[id] = definition }
        }
        return found
    }
}
