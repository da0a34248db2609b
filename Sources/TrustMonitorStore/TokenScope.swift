/// What an API token may do. The API names these in its OpenAPI document's security requirements.
public enum TokenScope: String, Sendable, Codable, CaseIterable, Comparable {
    /// Every GET of the API, the dashboard and `/metrics`.
    case read
    /// `read`, and changing monitors, maintenance windows, acknowledging and commenting on incidents.
    case write
    /// `write`, and managing API tokens and probes.
    case admin
    /// A remote probe agent's routes (`/api/v1/agent/...`) and nothing else.
    case agent

    /// Whether holding `self` allows what `wanted` allows.
    public func grants(_ wanted: TokenScope) -> Bool {
        switch (self, wanted) {
        case (.agent, .agent): true
        case (.agent, _), (_, .agent): false
        default: Self.rank(self) >= Self.rank(wanted)
        }
    }

    private static func rank(_ scope: TokenScope) -> Int {
        switch scope {
        case .read: 0
        case .write: 1
        case .admin: 2
        case .agent: -1
        }
    }

    public static func < (lhs: TokenScope, rhs: TokenScope) -> Bool { rank(lhs) < rank(rhs) }
}
