import TrustMonitorAgentProtocol
public import TrustMonitorCore
public import TrustMonitorStore

/// Where checks run: the server's own probe, or remote agents in other regions.
extension MonitorEngine {
    /// The primary check rotates over the server's region and every region with a voting agent, so each
    /// region's view is sampled; without agents (or for a check that cannot run remotely) it stays local.
    func dispatchPrimary(_ job: CheckJob, definition: MonitorDefinition, rotation: Int) async {
        guard let remote, let spec = CheckSpec(definition.request) else { return await queue.enqueue(job) }
        let regions = [local.region] + (await remote.votingRegions(excluding: local.region))
        let region = regions[rotation % regions.count]
        await send(job, definition: definition, spec: spec, region: region == local.region ? nil : region)
    }

    /// To an agent of `region`, or to the server's own probes when nil: through the shared queue when replicas
    /// share one, else in this process.
    private func send(_ job: CheckJob, definition: MonitorDefinition, spec: CheckSpec, region: String?) async {
        if let shared {
            await shared.submit(job, definition: definition, spec: spec, region: region)
        } else if let region, let remote {
            await remote.submit(RemoteAssignment(job: job, definition: definition, spec: spec), region: region)
        } else {
            await queue.enqueue(job)
        }
    }

    /// Verification goes to distinct regions other than the primary's: agents' regions first, then the
    /// server's own when it was not the primary's; what is left is re-checked locally, as on a single node.
    func dispatchVerifications(_ jobs: [CheckJob], definition: MonitorDefinition, primaryRegion: String?) async {
        var regions: [String] = []
        if let remote, CheckSpec(definition.request) != nil {
            regions = await remote.votingRegions(excluding: primaryRegion).filter { $0 != local.region }
        }
        let spec = CheckSpec(definition.request)
        for (index, job) in jobs.enumerated() {
            if let spec, remote != nil {
                await send(job, definition: definition, spec: spec, region: index < regions.count ? regions[index] : nil)
            } else {
                await queue.enqueue(job)
            }
        }
    }

    /// A remote look that cannot count as a vote (its agent's canary failed): it is kept as an observation,
    /// and the job is run again by the server's own probe.
    public func rerunLocally(_ job: CheckJob, observation: Observation, by probe: ProbeIdentity) async throws {
        try await store.recordObservation(ObservationRecord(monitor: job.monitorID, probe: probe.name, role: job.role,
                                                            observation: observation.compactedIfUp))
        var rerun = job
        // Another look at the same due check: its own slot, so the shared queue does not take it for a copy.
        rerun.slot += Self.rerunSlot
        if let definition = definition(job.monitorID), let spec = CheckSpec(definition.request) {
            await send(rerun, definition: definition, spec: spec, region: nil)
        } else {
            await queue.enqueue(rerun)
        }
    }

    static let rerunSlot = 1000

    /// Takes a result that came through the shared queue (from any replica's probe or any agent).
    public func complete(_ completed: CompletedJob) async throws {
        let result = try SharedJobResult.decode(completed.result)
        let pair = ClockPair.now()
        let job = CheckJob(monitorID: completed.job.monitorID, role: completed.job.role,
                           due: pair.instant(wallMs: completed.job.dueMs),
                           notBefore: pair.instant(wallMs: completed.job.notBeforeMs), episode: completed.job.episode,
                           dueMs: completed.job.dueMs, slot: completed.job.slot)
        if result.impaired {
            return try await rerunLocally(job, observation: result.observation, by: result.identity)
        }
        try await complete(job, observation: result.observation,
                           startedAt: pair.instant(wallMs: result.observation.startedAt.epochMilliseconds),
                           by: result.identity)
    }
}

/// Who ran a check: the server's own probe or a remote agent, with the agent's signature over what it saw.
public struct ProbeIdentity: Sendable, Equatable {
    public var name: String
    public var region: String
    /// The agent's DSSE envelope (JSON) over its observation; nil for the server's own probe.
    public var attestation: String?
    /// The registered key (vkey) that signed `attestation`.
    public var key: String?

    public init(name: String, region: String, attestation: String? = nil, key: String? = nil) {
        self.name = name
        self.region = region
        self.attestation = attestation
        self.key = key
    }

    public static let local = ProbeIdentity(name: "local", region: "local")
}
