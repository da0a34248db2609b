import Logging
import TrustMonitorAgentProtocol
import TrustMonitorCore
import TrustMonitorProbe

/// Tells the server, every `interval`, that the agent is alive and whether it can reach its canary.
///
/// The canary is checked first and reported as seen: an agent whose own network is broken must say so,
/// because its "down" looks are then not votes (DESIGN.md, "Verification policy").
struct HeartbeatLoop: Sendable {
    let client: AgentClient
    let prober: Prober
    /// `--canary`; nil checks the `/healthz` of the server in use, so the canary follows a failover.
    let canary: Target?
    let interval: Duration
    let logger: Logger

    /// Runs until graceful shutdown; throws only a fatal refusal (the token was revoked, say).
    func run() async throws(ServerRefusal) {
        let clock = ContinuousClock()
        var lastState: String?
        var lastCanaryOK: Bool?
        var next = clock.now
        repeat {
            next = clock.now + interval
            let inUse = client.pool.current.address
            let canary = canary ?? inUse.healthz
            let heartbeat = await check(canary)
            if heartbeat.canaryOK != lastCanaryOK {
                if heartbeat.canaryOK {
                    logger.info("canary reachable", metadata: ["canary": "\(canary)"])
                } else {
                    logger.warning("canary unreachable: this agent reports itself impaired",
                                   metadata: ["canary": "\(canary)", "failure": "\(heartbeat.canaryFailure ?? "")"])
                }
                lastCanaryOK = heartbeat.canaryOK
            }
            do {
                let answer = try await unlessStopping { [client] in try await client.heartbeat(heartbeat) }
                if let state = answer.state, state != lastState {
                    logger.info("server sees this agent as \(state)")
                    lastState = state
                }
            } catch {
                switch error {
                case .refused(let refusal) where refusal.isFatal:
                    throw refusal
                case .refused(let refusal):
                    logger.error("heartbeat refused", metadata: [
                        "status": "\(refusal.status)", "code": "\(refusal.code)", "message": "\(refusal.message)"])
                case .unreachable(let reason):
                    logger.warning("heartbeat not delivered", metadata: ["reason": "\(reason)"])
                case .cancelled:
                    return
                }
            }
            // The default canary failed with the server in use, and the heartbeat moved to another: that
            // was the server's death, not this agent's network, so say so to the new one at once.
            if self.canary == nil, !heartbeat.canaryOK, client.pool.current.address != inUse { next = clock.now }
        } while await pause(for: max(next - clock.now, .zero))
    }

    /// One check of the canary, bounded to half the interval so a slow canary never delays the beat.
    func check(_ canary: Target) async -> Heartbeat {
        let budget = min(interval / 2, .seconds(10))
        let request = CheckRequest(target: canary, timeout: min(budget, .seconds(5)), retry: .default, budget: budget)
        let observation = await prober.check(request)
        guard let failure = observation.failure else {
            return Heartbeat(canaryOK: true, canaryTarget: canary.description)
        }
        return Heartbeat(canaryOK: false, canaryTarget: canary.description,
                         canaryFailure: "\(failure.code.rawValue): \(failure.message)")
    }
}
