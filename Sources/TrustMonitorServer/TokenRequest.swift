import TrustMonitorCore
public import TrustMonitorStore

/// What a new API token may be called and given, checked alike for the API and the command line.
public enum TokenRequest {
    public struct Problem: Error, Equatable {
        public let message: String
    }

    /// The scopes a new token gets: at least one of read, write, admin. Agent tokens belong to probes and are made
    /// with them (`POST /api/v1/probes`, `trustmonitor probes add`).
    public static func check(name: String, scopes: [String]) -> Result<Set<TokenScope>, Problem> {
        if let problem = RegionName.problem(name, what: "token name") { return .failure(Problem(message: problem)) }
        guard !scopes.isEmpty else {
            return .failure(Problem(message: "a token needs at least one scope: read, write or admin"))
        }
        var checked: Set<TokenScope> = []
        for text in scopes {
            guard let scope = TokenScope(rawValue: text), scope != .agent else {
                let hint = text == TokenScope.agent.rawValue ? " (agent tokens are made with their probe)" : ""
                return .failure(Problem(message: "'\(text)' is not a scope: use read, write or admin\(hint)"))
            }
            checked.insert(scope)
        }
        return .success(checked)
    }
}
