public import struct Foundation.Date

/// One probe's look at a monitor during an episode, kept whole in the incident or suppressed episode.
public struct ProbeVerdict: Codable, Sendable {
    public enum Role: String, Codable, Sendable {
        /// The scheduled check that started the episode.
        case primary
        /// A check asked for to confirm or refute it.
        case verification
    }

    /// Which probe looked, e.g. `local` (later: an agent's name and region).
    public var probe: String
    public var role: Role
    /// How independent this look was from the primary, in words a person checks: "same host, fresh DNS and
    /// connection, 2s later".
    public var independence: String
    public var observation: Observation

    public init(probe: String, role: Role, independence: String, observation: Observation) {
        self.probe = probe
        self.role = role
        self.independence = independence
        self.observation = observation
    }

    public var isUp: Bool { observation.verdict == .up }
    public var at: Date { observation.startedAt }
}
