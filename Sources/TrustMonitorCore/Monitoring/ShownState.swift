/// A monitor's state as people see it: the lifecycle's state, with `degraded` for an up monitor that is not as
/// usual (slower than its baseline, or failing more often than usual). Degraded is never downtime: it is up.
///
/// Kept apart from `MonitorState` on purpose: the verdict logic never sees `degraded`, so a slowdown can never open
/// or resolve an incident.
public enum ShownState: String, Codable, Sendable, CaseIterable {
    case pending, up, degraded, suspect, down, paused

    public init(_ state: MonitorState, degraded: Bool) {
        switch state {
        case .pending: self = .pending
        case .up: self = degraded ? .degraded : .up
        case .suspect: self = .suspect
        case .down: self = .down
        case .paused: self = .paused
        }
    }
}
