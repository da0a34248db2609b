public import struct Foundation.Date

/// A remote probe agent as the server knows it: where it is, the key it signs with, and its last word.
public struct ProbeRecord: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var region: String
    /// The agent's signing key (vkey), bound when it first registered; nil before that.
    public var key: String?
    /// The agent's witness key (a cosignature/v1 vkey) it cosigns ledger checkpoints with, if it witnesses.
    public var witnessKey: String?
    public var createdAt: Date
    public var registeredAt: Date?
    public var lastHeartbeat: Date?
    /// The agent's own canary failed at its last heartbeat: its looks are not counted as votes.
    public var impaired: Bool
    public var canaryFailure: String?

    public init(id: String, name: String, region: String, key: String?, witnessKey: String? = nil, createdAt: Date, registeredAt: Date?,
                lastHeartbeat: Date?, impaired: Bool, canaryFailure: String?) {
        self.id = id
        self.name = name
        self.region = region
        self.key = key
        self.witnessKey = witnessKey
        self.createdAt = createdAt
        self.registeredAt = registeredAt
        self.lastHeartbeat = lastHeartbeat
        self.impaired = impaired
        self.canaryFailure = canaryFailure
    }

    enum CodingKeys: String, CodingKey {
        case id, name, region, key, impaired, witnessKey = "witness_key"
        case createdAt = "created_at", registeredAt = "registered_at", lastHeartbeat = "last_heartbeat"
        case canaryFailure = "canary_failure"
    }
}
