public import struct Foundation.Date

/// One probe's look at a monitor during an episode, kept whole in the incident or suppressed episode.
public struct ProbeVerdict: Codable, Sendable {
    public enum Role: String, Codable, Sendable {
        /// The scheduled check that started the episode.
        case primary
        /// A check asked for to confirm or refute it.
        case verification
    }

    /// Which probe looked: `local` (the server's own) or a remote agent's name.
    public var probe: String
    public var role: Role
    /// How independent this look was from the primary, in words a person checks: "same host, fresh DNS and
    /// connection, 2s later".
    public var independence: String
    public var observation: Observation
    /// The region the probe ran in; nil for the server's own probe before regions existed.
    public var region: String?
    /// A remote probe's own signature over what it saw: the DSSE envelope (JSON) it posted, kept as
    /// received, so the incident proves which probe saw what; nil for the server's own probe.
    public var attestation: String?
    /// The key (vkey) that signed `attestation`, as registered (and logged) when the probe registered.
    public var probeKey: String?

    public init(probe: String, role: Role, independence: String, observation: Observation, region: String? = nil,
                attestation: String? = nil, probeKey: String? = nil) {
        self.probe = probe
        self.role = role
        self.independence = independence
        self.observation = observation
        self.region = region
        self.attestation = attestation
        self.probeKey = probeKey
    }

    enum CodingKeys: String, CodingKey {
        case probe, role, independence, observation, region, attestation, probeKey = "probe_key"
    }

    public var isUp: Bool { observation.verdict == .up }
    public var at: Date { observation.startedAt }
}
