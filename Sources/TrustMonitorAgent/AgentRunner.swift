import Foundation
public import Logging
public import ServiceLifecycle
import TrustMonitorAgentProtocol
public import TrustMonitorLedger
public import TrustMonitorProbe

/// The remote probe as one service: registers its keys, then beats, leases and (unless told not to)
/// witnesses until SIGTERM.
///
/// `run()` returns normally after a graceful shutdown (exit 0) and throws a `ServerRefusal` when the server
/// refuses this agent outright (bad or revoked token, another key for the token, wrong region): retrying
/// such an answer cannot help, so the agent stops and says why.
public struct AgentRunner: Service {
    let configuration: AgentConfiguration
    let signer: NoteSigner
    /// The witness's key and state; nil with `--no-witness`.
    let witness: WitnessFiles?
    let prober: Prober
    let logger: Logger

    public init(configuration: AgentConfiguration, signer: NoteSigner, witness: WitnessFiles? = nil,
                prober: Prober = Prober(), logger: Logger) {
        self.configuration = configuration
        self.signer = signer
        self.witness = witness
        self.prober = prober
        self.logger = logger
    }

    public func run() async throws {
        let registration = AgentRegistration(region: configuration.region, key: signer.verifierKey.vkey,
                                             witnessKey: witness?.signer.verifierKey.vkey)
        let client = AgentClient(configuration: configuration, registration: registration, logger: logger)
        defer { client.close() }
        guard let registered = try await register(client) else { return }
        let identity = AgentIdentity(probe: registered.probe, region: registered.region, signer: signer)
        let heartbeats = HeartbeatLoop(client: client, prober: prober, canary: configuration.canary,
                                       interval: .seconds(min(max(registered.heartbeatSeconds, 1), 3600)),
                                       logger: logger)
        let leases = LeaseLoop(client: client, prober: prober, identity: identity, configuration: configuration,
                               logger: logger)
        let poster = ResultPoster(client: client, batchSize: min(max(configuration.resultBatch, 1), 256),
                                  maxBackoff: configuration.maxBackoff, logger: logger)
        let witnessing = witness.map {
            WitnessLoop(client: client, files: $0, configuredLogKey: configuration.logKey,
                        wait: configuration.witnessWait, maxBackoff: configuration.maxBackoff, logger: logger)
        }
        let outbox = ResultOutbox()
        // The first to throw (a fatal refusal) cancels the others; after SIGTERM each ends on its own, the
        // poster last, once the lease loop has closed the outbox behind its final result. The witness may
        // end earlier (it cannot go on) without ending the rest.
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await heartbeats.run() }
            group.addTask {
                defer { outbox.close() }
                try await leases.run(into: outbox)
            }
            for _ in 0..<max(configuration.concurrentPosts, 1) {
                group.addTask { try await poster.run(from: outbox) }
            }
            if let witnessing { group.addTask { await witnessing.run(registered: registered) } }
            while try await group.next() != nil {}
        }
        logger.info("agent stopped")
    }

    /// Registers the keys at the first server that answers, trying again with capped backoff after each
    /// round of all of them. Nil when shutdown came first; throws any refusal, since an agent the server
    /// will not register cannot work.
    func register(_ client: AgentClient) async throws(ServerRefusal) -> AgentRegistered? {
        let backoff = Backoff(cap: configuration.maxBackoff)
        var failures = 0
        while !Task.isShuttingDownGracefully {
            do {
                return try await unlessStopping { try await client.register() }
            } catch {
                switch error {
                case .refused(let refusal):
                    throw refusal
                case .unreachable(let reason):
                    failures += 1
                    let delay = backoff.delay(afterFailures: failures)
                    logger.warning("no server reachable; registering again later", metadata: [
                        "servers": "\(configuration.servers.joined(separator: ","))", "reason": "\(reason)",
                        "in": "\(delay)"])
                    guard await pause(for: delay) else { return nil }
                case .cancelled:
                    return nil
                }
            }
        }
        return nil
    }
}
