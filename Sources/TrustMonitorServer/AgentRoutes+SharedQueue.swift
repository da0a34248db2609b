import Foundation
import TrustMonitorAgentProtocol
import TrustMonitorCore
import TrustMonitorEngine
import TrustMonitorStore

/// Agents on the queue replicas share through the store: any replica leases them jobs of their region and
/// takes their results, which wait in the store for the active replica to decide on. A lease is a row's
/// claim, so it holds whichever replica issued it and whichever one the result comes back to.
extension AgentRoutes {
    /// How often a long poll asks the store again while it has nothing for the agent.
    static let sharedPollInterval = Duration.milliseconds(50)

    func leaseShared(for probe: ProbeRecord, max: Int, wait: Duration, leaseSlack: Duration) async throws
        -> [LeasedJob]
    {
        await remote.seen(probe)
        let deadline = ContinuousClock.now + wait
        while true {
            let now = Date()
            let claimed = try await store.claimJobs(region: probe.region, claimant: probe.id, limit: max, now: now,
                                                    leaseSlack: leaseSlack)
            let jobs = await claimed.asyncCompactMap { await leased($0, now: now) }
            let closed = await remote.isClosed
            if !jobs.isEmpty || ContinuousClock.now >= deadline || closed { return jobs }
            try await Task.sleep(for: Self.sharedPollInterval)
        }
    }

    /// The claim in wire form; nil (and the job dropped, loudly) when its check cannot be read back.
    private func leased(_ claimed: ClaimedJob, now: Date) async -> LeasedJob? {
        let job = claimed.job
        guard let spec = try? JSONCoding.decoder().decode(CheckSpec.self, from: Data(job.check)) else {
            try? await store.deleteJobs(ids: [job.id])
            return nil
        }
        let nowMs = Int64((now.timeIntervalSince1970 * 1000).rounded())
        await remote.recordLeaseWait(.milliseconds(nowMs - job.notBeforeMs))
        func date(_ ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }
        return LeasedJob(lease: claimed.lease, monitor: job.monitorID, monitorName: job.monitorName, role: job.role,
                         check: spec, notBefore: date(job.notBeforeMs), expiresAt: date(claimed.leaseExpiresMs))
    }

    /// Keeps a signed result against its claim in the store; the active replica decides on it from there.
    func acceptShared(_ signed: SignedObservation, identity: ProbeIdentity, from probe: ProbeRecord) async
        -> ResultReceipt
    {
        do {
            if let claim = try await store.claimedJob(lease: signed.lease), claim.claimant == probe.id,
               signed.monitor != claim.job.monitorID || signed.role != claim.job.role {
                return Self.refusal(signed.lease, "lease_mismatch", "the result is for \(signed.monitor)/"
                    + "\(signed.role.rawValue), the lease for \(claim.job.monitorID)/\(claim.job.role.rawValue)")
            }
            let result = try SharedJobResult(probe: identity, impaired: probe.impaired,
                                             observation: signed.observation).encoded()
            switch try await store.completeJob(lease: signed.lease, claimant: probe.id, result: result, now: Date()) {
            case .accepted:
                await remote.recordResult(probeID: probe.id, up: signed.observation.verdict == .up)
                return ResultReceipt(lease: signed.lease, accepted: true)
            case .unknownLease:
                return Self.refusal(signed.lease, "lease_refused", "unknown lease (already used, expired, or never issued)")
            case .otherClaimant:
                return Self.refusal(signed.lease, "lease_refused", "lease belongs to another probe")
            case .expired:
                return Self.refusal(signed.lease, "lease_refused", "lease expired; the job went to another probe")
            }
        } catch {
            return Self.refusal(signed.lease, "not_stored", "the server could not store the result: \(error)")
        }
    }
}

extension Sequence {
    func asyncCompactMap<T>(_ transform: (Element) async -> T?) async -> [T] {
        var results: [T] = []
        for element in self {
            if let value = await transform(element) { results.append(value) }
        }
        return results
    }
}
