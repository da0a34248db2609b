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
        await remote.recordLeaseWait(.milliseconds(now.epochMilliseconds - job.notBeforeMs))
        return LeasedJob(lease: claimed.lease, monitor: job.monitorID, monitorName: job.monitorName, role: job.role,
                         check: spec, notBefore: Date(epochMilliseconds: job.notBeforeMs),
                         expiresAt: Date(epochMilliseconds: claimed.leaseExpiresMs))
    }

    /// Keeps every signed result against its claim in the store, in one transaction; the active replica decides
    /// on them from there. One receipt per result, in order.
    func acceptShared(_ opened: [Result<OpenedResult, RefusedResult>], from probe: ProbeRecord) async -> [ResultReceipt] {
        var receipts: [ResultReceipt?] = []
        var posts: [(index: Int, post: JobResultPost, up: Bool)] = []
        for item in opened {
            switch item {
            case .failure(let refused):
                receipts.append(refused.receipt)
            case .success(let result):
                let signed = result.signed
                guard let bytes = try? SharedJobResult(probe: result.identity, impaired: probe.impaired,
                                                       observation: signed.observation).encoded() else {
                    receipts.append(Self.refusal(signed.lease, "not_stored", "the result could not be encoded"))
                    continue
                }
                posts.append((receipts.count, JobResultPost(lease: signed.lease, claimant: probe.id, result: bytes,
                                                            monitorID: signed.monitor, role: signed.role),
                              signed.observation.verdict == .up))
                receipts.append(nil)
            }
        }
        do {
            let answers = try await store.completeJobs(posts.map(\.post), now: Date())
            for (pending, answer) in zip(posts, answers) {
                receipts[pending.index] = receipt(for: pending.post, answer)
                if case .accepted = answer { await remote.recordResult(probeID: probe.id, up: pending.up) }
            }
        } catch {
            for pending in posts {
                receipts[pending.index] = Self.refusal(pending.post.lease, "not_stored",
                                                       "the server could not store the result: \(error)")
            }
        }
        return receipts.map { $0 ?? Self.refusal(nil, "not_stored", "no answer from the store") }
    }

    private func receipt(for post: JobResultPost, _ answer: JobCompletion) -> ResultReceipt {
        switch answer {
        case .accepted:
            return ResultReceipt(lease: post.lease, accepted: true)
        case .mismatch(let job):
            return Self.refusal(post.lease, "lease_mismatch", "the result is for \(post.monitorID ?? "?")/"
                + "\(post.role?.rawValue ?? "?"), the lease for \(job.monitorID)/\(job.role.rawValue)")
        case .unknownLease:
            return Self.refusal(post.lease, "lease_refused", "unknown lease (already used, expired, or never issued)")
        case .otherClaimant:
            return Self.refusal(post.lease, "lease_refused", "lease belongs to another probe")
        case .expired:
            return Self.refusal(post.lease, "lease_refused", "lease expired; the job went to another probe")
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
