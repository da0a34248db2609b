public import struct Foundation.Date
public import TrustMonitorCore
public import TrustMonitorLedger

/// The agent protocol's messages (JSON over HTTPS, `Authorization: Bearer <agent token>` on every call).
/// Routes: `POST /api/v1/agent/register`, `/lease`, `/results`, `/heartbeat`. Times are RFC 3339.

/// `POST /api/v1/agent/register`: binds the agent's Ed25519 key to its token, once. Re-registering with
/// the same key is a no-op; another key for the same token is refused (409), so a stolen token cannot
/// quietly replace the key that signed earlier results.
public struct AgentRegistration: Codable, Sendable, Equatable {
    /// The agent's region as it believes it to be; must equal the region the token was issued for.
    public var region: String
    /// The agent's signing key as a vkey (`<name>+<keyid>+<base64(0x01 || key)>`).
    public var key: String
    /// The agent's witness key (a cosignature/v1 vkey, type 0x04), when it cosigns ledger checkpoints.
    public var witnessKey: String?

    public init(region: String, key: String, witnessKey: String? = nil) {
        self.region = region
        self.key = key
        self.witnessKey = witnessKey
    }

    enum CodingKeys: String, CodingKey { case region, key, witnessKey = "witness_key" }
}

public struct AgentRegistered: Codable, Sendable, Equatable {
    public var probe: String
    public var region: String
    /// How often the server expects a heartbeat; three missed ones mark the agent offline.
    public var heartbeatSeconds: Int
    /// How long a leased job stays the agent's after its check's own budget, before it goes to another probe.
    public var leaseSeconds: Int
    /// The log's public key (vkey), for an agent that witnesses and was not given one: it pins the key it
    /// sees first, so a later key change is refused rather than cosigned.
    public var logKey: String?

    public init(probe: String, region: String, heartbeatSeconds: Int, leaseSeconds: Int, logKey: String? = nil) {
        self.probe = probe
        self.region = region
        self.heartbeatSeconds = heartbeatSeconds
        self.leaseSeconds = leaseSeconds
        self.logKey = logKey
    }

    enum CodingKeys: String, CodingKey {
        case probe, region, heartbeatSeconds = "heartbeat_seconds", leaseSeconds = "lease_seconds", logKey = "log_key"
    }
}

/// `POST /api/v1/agent/lease`: long poll for up to `max` jobs, waiting at most `waitMs` for the first.
public struct LeaseRequest: Codable, Sendable, Equatable {
    public var max: Int
    public var waitMs: Int

    public init(max: Int, waitMs: Int) {
        self.max = max
        self.waitMs = waitMs
    }

    enum CodingKeys: String, CodingKey { case max, waitMs = "wait_ms" }
}

/// One leased job: run `check` no earlier than `notBefore` and post the signed result before `expiresAt`.
public struct LeasedJob: Codable, Sendable, Equatable {
    /// Single-use: the result for this lease is accepted once; a replay is refused.
    public var lease: String
    public var monitor: String
    public var monitorName: String
    public var role: ProbeVerdict.Role
    public var check: CheckSpec
    public var notBefore: Date
    public var expiresAt: Date

    public init(lease: String, monitor: String, monitorName: String, role: ProbeVerdict.Role, check: CheckSpec,
                notBefore: Date, expiresAt: Date) {
        self.lease = lease
        self.monitor = monitor
        self.monitorName = monitorName
        self.role = role
        self.check = check
        self.notBefore = notBefore
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case lease, monitor, role, check
        case monitorName = "monitor_name", notBefore = "not_before", expiresAt = "expires_at"
    }
}

public struct LeaseResponse: Codable, Sendable, Equatable {
    public var jobs: [LeasedJob]
    public init(jobs: [LeasedJob]) { self.jobs = jobs }
}

/// What an agent signs for one job: which lease, who it is, where, and what it saw. The server accepts it
/// only when every field matches the lease and the token's probe, and the signature verifies with the
/// registered key; the envelope is then kept with the look, so an incident proves who saw what.
public struct SignedObservation: Codable, Sendable {
    public static let payloadType = "application/vnd.trustmonitor.observation+json"

    public var lease: String
    public var probe: String
    public var region: String
    public var monitor: String
    public var role: ProbeVerdict.Role
    public var observation: Observation

    public init(lease: String, probe: String, region: String, monitor: String, role: ProbeVerdict.Role,
                observation: Observation) {
        self.lease = lease
        self.probe = probe
        self.region = region
        self.monitor = monitor
        self.role = role
        self.observation = observation
    }

    /// The exact bytes signed (the DSSE payload).
    public func payload() throws -> [UInt8] { Array(try JSONCoding.encoder().encode(self)) }

    public func envelope(signer: NoteSigner) throws -> DSSEEnvelope {
        try DSSEEnvelope.sign(payload: try payload(), payloadType: Self.payloadType, signer: signer)
    }

    /// The signed observation inside `envelope`, if `key` signed it.
    public static func open(_ envelope: DSSEEnvelope, key: NoteVerifierKey) throws -> SignedObservation {
        let payload = try envelope.verify(keys: [key], payloadType: payloadType)
        return try JSONCoding.decoder().decode(SignedObservation.self, from: .init(payload))
    }
}

/// `POST /api/v1/agent/results`: one or more DSSE envelopes, each over a `SignedObservation`.
public struct ResultSubmission: Codable, Sendable {
    public var results: [DSSEEnvelope]
    public init(results: [DSSEEnvelope]) { self.results = results }
}

/// The server's answer per result, in order: accepted, or refused with a stable code and a reason.
public struct ResultReceipt: Codable, Sendable, Equatable {
    public var lease: String?
    public var accepted: Bool
    public var code: String?
    public var message: String?

    public init(lease: String?, accepted: Bool, code: String? = nil, message: String? = nil) {
        self.lease = lease
        self.accepted = accepted
        self.code = code
        self.message = message
    }
}

public struct ResultReceipts: Codable, Sendable, Equatable {
    public var receipts: [ResultReceipt]
    public init(receipts: [ResultReceipt]) { self.receipts = receipts }
}

/// `POST /api/v1/agent/heartbeat`: the agent is alive, and whether it can reach its known-good canary. An
/// agent whose canary fails is impaired: its looks are not counted as votes.
public struct Heartbeat: Codable, Sendable, Equatable {
    public var canaryOK: Bool
    public var canaryTarget: String
    public var canaryFailure: String?

    public init(canaryOK: Bool, canaryTarget: String, canaryFailure: String? = nil) {
        self.canaryOK = canaryOK
        self.canaryTarget = canaryTarget
        self.canaryFailure = canaryFailure
    }

    enum CodingKeys: String, CodingKey {
        case canaryOK = "canary_ok", canaryTarget = "canary_target", canaryFailure = "canary_failure"
    }
}

/// `POST /api/v1/agent/witness`: an agent that witnesses asks for the next checkpoint to cosign, saying the
/// size it last cosigned (its durable witness state); long poll up to `waitMs`. The answer is 200 with a
/// C2SP tlog-witness add-checkpoint body (text/plain), or 204 when there is nothing newer.
public struct WitnessPoll: Codable, Sendable, Equatable {
    public var size: Int
    public var waitMs: Int

    public init(size: Int, waitMs: Int) {
        self.size = size
        self.waitMs = waitMs
    }

    enum CodingKeys: String, CodingKey { case size, waitMs = "wait_ms" }
}

/// `POST /api/v1/agent/cosign`: the witness's answer to one add-checkpoint request, as tlog-witness would
/// have sent it over HTTP: 200 with cosignature lines, or its rejection status and body (a 409 body is the
/// size it knows; a 422 means the log showed it an inconsistent tree, which the server logs loudly).
public struct WitnessAnswer: Codable, Sendable, Equatable {
    /// The size of the checkpoint the answer is about.
    public var size: Int
    public var status: Int
    public var body: String

    public init(size: Int, status: Int, body: String) {
        self.size = size
        self.status = status
        self.body = body
    }
}
