import Foundation
public import Hummingbird
import TrustMonitorAgentProtocol
import TrustMonitorCore
public import TrustMonitorEngine
import TrustMonitorLedger
public import TrustMonitorStore

/// The routes remote probe agents use (`/api/v1/agent/...`, see TrustMonitorAgentProtocol) and the probe
/// list. Every agent call carries its token; what an agent posts is believed only when it is signed by the
/// key it registered, names the agent's own probe and region, and redeems a lease it holds.
public struct AgentRoutes: Sendable {
    let store: any Store
    let engine: MonitorEngine
    let remote: RemoteProbes
    let heartbeatSeconds: Int
    /// The ledger's publisher, for agents that witness its checkpoints; nil serves no witness routes.
    let checkpoints: CheckpointPublisher?
    /// Whether this replica is the active one; without a shared queue, agents of a standby are told to go to
    /// the active one (503).
    let isActive: @Sendable () async -> Bool
    /// The queue replicas share through the store: with it, every replica leases jobs to agents and takes
    /// their results; without it, this process's `remote` does, on the active replica only.
    let shared: SharedJobQueue?

    public init(store: any Store, engine: MonitorEngine, remote: RemoteProbes, heartbeatSeconds: Int = 10,
                checkpoints: CheckpointPublisher? = nil, isActive: @escaping @Sendable () async -> Bool = { true },
                shared: SharedJobQueue? = nil) {
        self.store = store
        self.engine = engine
        self.remote = remote
        self.heartbeatSeconds = heartbeatSeconds
        self.checkpoints = checkpoints
        self.isActive = isActive
        self.shared = shared
    }

    public func add(to router: Router<AppRequestContext>) {
        let group = router.group("/api/v1/agent")
        group.post("register") { request, context in try await register(request, context) }
        group.post("lease") { request, context in try await lease(request, context) }
        group.post("results") { request, context in try await results(request, context) }
        group.post("heartbeat") { request, context in try await heartbeat(request, context) }
        if let checkpoints {
            group.post("witness") { request, context in try await witnessPoll(request, context, checkpoints) }
            group.post("cosign") { request, context in try await cosign(request, context, checkpoints) }
        }
        router.get("/api/v1/probes") { _, _ in try await probeList() }
        addAdminRoutes(to: router)
    }

    func register(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let probe = try await authenticate(request)
        let body = try await AgentRequestBody.decode(AgentRegistration.self, request, context)
        guard body.region == probe.region else {
            throw APIError(.forbidden, code: "foreign_region",
                           message: "this token is for region '\(probe.region)', not '\(body.region)'")
        }
        do {
            guard try NoteVerifierKey(vkey: body.key).type == .ed25519 else {
                throw APIError(.badRequest, code: "invalid_key", message: "key: must be an Ed25519 (0x01) vkey")
            }
            if let witness = body.witnessKey, try NoteVerifierKey(vkey: witness).type != .cosignatureV1 {
                throw APIError(.badRequest, code: "invalid_key", message: "witness_key: must be a cosignature/v1 (0x04) vkey")
            }
        } catch let error as LedgerError {
            throw APIError(.badRequest, code: "invalid_key", message: "\(error)")
        }
        let registered: ProbeRecord
        do {
            registered = try await store.registerProbeKey(id: probe.id, key: body.key, witnessKey: body.witnessKey,
                                                          now: Date())
        } catch StoreError.conflict(let reason) {
            throw APIError(.conflict, code: "key_conflict", message: reason)
        }
        await remote.seen(registered)
        return JSONResponse.make(AgentRegistered(probe: registered.name, region: registered.region,
                                                 heartbeatSeconds: heartbeatSeconds,
                                                 leaseSeconds: Int((shared?.leaseSlack ?? remote.leaseSlack).components.seconds),
                                                 logKey: checkpoints?.signer.verifierKey.vkey))
    }

    func lease(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let probe = try await registeredProbe(request)
        let body = try await AgentRequestBody.decode(LeaseRequest.self, request, context)
        guard (1...256).contains(body.max), (0...30_000).contains(body.waitMs) else {
            throw APIError(.badRequest, code: "invalid_body", message: "max must be 1 to 256 and wait_ms 0 to 30000")
        }
        let wait = Duration.milliseconds(body.waitMs)
        let jobs = if let shared {
            try await leaseShared(for: probe, max: body.max, wait: wait, leaseSlack: shared.leaseSlack)
        } else {
            await remote.lease(for: probe, max: body.max, wait: wait)
        }
        return JSONResponse.make(LeaseResponse(jobs: jobs))
    }

    func heartbeat(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var probe = try await registeredProbe(request)
        let body = try await AgentRequestBody.decode(Heartbeat.self, request, context)
        let failure = body.canaryOK ? nil : "canary \(body.canaryTarget): \(body.canaryFailure ?? "failed")"
        try await store.recordHeartbeat(id: probe.id, at: Date(), canaryFailure: failure)
        probe.impaired = failure != nil
        probe.canaryFailure = failure
        probe.lastHeartbeat = Date()
        await remote.seen(probe)
        return JSONResponse.make(["state": probe.impaired ? "impaired" : "online"])
    }

    /// The agent behind the bearer token; 401 without a known token, 503 on a standby replica.
    func authenticate(_ request: Request) async throws -> ProbeRecord {
        let serving = shared != nil ? true : await isActive()
        guard serving else {
            throw APIError(.serviceUnavailable, code: "standby",
                           message: "this replica is standing by; the active replica serves agents")
        }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              case let token = String(header.dropFirst("Bearer ".count)), !token.isEmpty else {
            throw APIError(.unauthorized, code: "unauthorized", message: "an agent token is required (Authorization: Bearer)")
        }
        guard let probe = try await store.probe(tokenHash: AgentToken.hash(token)) else {
            throw APIError(.unauthorized, code: "unauthorized", message: "unknown agent token")
        }
        return probe
    }

    /// An authenticated agent that has registered its key (every call but `register` needs one).
    func registeredProbe(_ request: Request) async throws -> ProbeRecord {
        let probe = try await authenticate(request)
        guard probe.key != nil else {
            throw APIError(.conflict, code: "not_registered", message: "register the agent's key first (POST /api/v1/agent/register)")
        }
        return probe
    }
}

/// Agent request bodies: at most 4 MiB of JSON in our one form; anything else is a 400 or 413 that says why.
enum AgentRequestBody {
    static let limit = 4 << 20

    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: AppRequestContext) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, code: "body_too_large", message: "request bodies are limited to \(limit) bytes")
        }
        do {
            return try JSONCoding.decoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw APIError(.badRequest, code: "invalid_body", message: "not a valid \(T.self): \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing key '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "bad value at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        default: return "\(error)"
        }
    }
}
