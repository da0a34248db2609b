import Foundation
import ServiceLifecycle
import TrustMonitorAgentProtocol
import TrustMonitorCore
import TrustMonitorLedger
import TrustMonitorProbe

/// Who the agent is in every result it signs: the probe name and region the server gave it, and its key.
struct AgentIdentity: Sendable {
    let probe: String
    let region: String
    let signer: NoteSigner
}

/// One leased job, from its spec to a signed result: the part of the agent that decides what a probe
/// vouches for.
enum LeasedCheck {
    enum Outcome: Sendable {
        case signed(PendingResult)
        /// The spec cannot be rebuilt into a request (a condition this agent does not know, say). Nothing
        /// is posted: a made-up failure would count as the target being down, a false alarm; the lease
        /// expires and the server sees the job was not done.
        case rejected(String)
        /// The lease ended before the check could start; a result would be refused.
        case expired
        /// Shutdown came before the check started, or cancelled it before it ended.
        case abandoned
        /// Signing failed: a broken key or encoder, never the target's doing.
        case unsigned(String)
    }

    /// Waits for `notBefore`, runs the check once (its own retries included) and signs what it saw.
    static func run(_ job: LeasedJob, prober: Prober, identity: AgentIdentity) async -> Outcome {
        let request: CheckRequest
        do { request = try job.check.request() } catch { return .rejected(error.message) }
        guard job.notBefore < job.expiresAt else { return .expired }
        let wait = job.notBefore.timeIntervalSinceNow
        if wait > 0 {
            guard await pause(for: .seconds(wait)) else { return .abandoned }
        }
        guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return .abandoned }
        guard Date() < job.expiresAt else { return .expired }

        let observation = await prober.check(request)
        // Cancelled mid-check (abandoned at shutdown), its retries were cut short: what it saw is not the
        // look the monitor asked for, and a failure from it would be a biased vote.
        guard !Task.isCancelled else { return .abandoned }
        let signed = SignedObservation(lease: job.lease, probe: identity.probe, region: identity.region,
                                       monitor: job.monitor, role: job.role, observation: observation)
        do {
            let envelope = try signed.envelope(signer: identity.signer)
            return .signed(PendingResult(lease: job.lease, monitorName: job.monitorName, expiresAt: job.expiresAt,
                                         envelope: envelope))
        } catch {
            return .unsigned("\(error)")
        }
    }
}
