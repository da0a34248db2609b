import HeapModule
public import TrustMonitorCore
public import TrustMonitorStore

import struct Foundation.Date

/// Decides what to check when, and what each result means: the scheduler's state, every monitor's
/// lifecycle, and the writes that follow a verdict.
///
/// Checks themselves run outside (see `ProbeWorkers`), so a slow target never holds the engine. Decisions
/// are made synchronously inside the actor and their writes submitted in decision order.
public actor MonitorEngine {
    struct Slot {
        var definition: MonitorDefinition
        var lifecycle: MonitorLifecycle
        var generation: Int
        var inFlight = false
        var episode = 0
        var openIncidentID: String?
        /// Turns of the primary check, for rotating it over the regions with probes.
        var rotation = 0
        /// Where the current episode's primary check ran; verification goes elsewhere.
        var primaryRegion: String?
    }

    let store: any Store
    let queue: JobQueue
    let clock = ContinuousClock()
    private var slots: [String: Slot] = [:]
    private var heap = Heap<DueEntry>()
    private var generation = 0
    public private(set) var lag = LagRecorder()
    /// The server's own probe: its name in verdicts and its region.
    public let local: ProbeIdentity
    let remote: RemoteProbes?

    public init(store: any Store, queue: JobQueue, local: ProbeIdentity = .local, remote: RemoteProbes? = nil) {
        self.store = store
        self.queue = queue
        self.local = local
        self.remote = remote
    }

    /// Loads or reloads the monitor set. Identity is the id (kept by name in the store); a monitor that
    /// stays keeps its lifecycle and open incident, a changed one takes its new definition.
    ///
    /// The swap itself has no suspension point: checks completing during a reload are never overwritten
    /// by a stale copy of their monitor's state.
    public func apply(_ definitions: [MonitorDefinition]) async throws {
        var stored: [String: (state: MonitorState, openIncidentID: String?)] = [:]
        for definition in definitions where slots[definition.id] == nil {
            let record = try await store.monitor(id: definition.id)
            let open = try await store.openIncident(monitor: definition.id)
            stored[definition.id] = (open != nil ? .down : (record?.state ?? .pending), open?.id)
        }

        generation += 1
        let now = clock.now
        var next: [String: Slot] = [:]
        var stateWrites: [(id: String, state: MonitorState)] = []
        for definition in definitions {
            var slot: Slot
            if let existing = slots[definition.id] {
                slot = existing
                slot.definition = definition
            } else {
                let known = stored[definition.id] ?? (.pending, nil)
                slot = Slot(definition: definition, lifecycle: MonitorLifecycle(state: known.state),
                            generation: generation, openIncidentID: known.openIncidentID,
                            rotation: ScheduleSpread.rotationStart(name: definition.name))
            }
            slot.generation = generation
            let changes = definition.paused ? slot.lifecycle.pause() : slot.lifecycle.resume()
            if !definition.paused, !changes.isEmpty, slot.openIncidentID != nil {
                // Resumed during an outage: the open incident still needs its confirmed recovery.
                slot.lifecycle = MonitorLifecycle(state: .down)
            }
            if !changes.isEmpty { stateWrites.append((definition.id, slot.lifecycle.state)) }
            next[definition.id] = slot
            let offset = ScheduleSpread.offset(name: definition.name, interval: definition.interval)
            heap.insert(DueEntry(due: now + offset, monitorID: definition.id, generation: generation))
        }
        slots = next

        for write in stateWrites {
            try await store.setMonitorState(id: write.id, state: write.state, since: Date())
        }
        try await store.retireMonitors(notIn: Set(definitions.map(\.name)), now: Date())
    }

    public func definition(_ id: String) -> MonitorDefinition? { slots[id]?.definition }

    /// Starts the lag statistics afresh (benchmarks drop their warm-up).
    public func resetLag() { lag.reset() }

    /// Enqueues every due primary check and says when to look again. A monitor still in flight or being
    /// verified skips this turn; one that fell behind resumes one interval from now, never in a burst.
    public func enqueueDue() async -> ContinuousClock.Instant {
        let now = clock.now
        while let top = heap.min, top.due <= now {
            _ = heap.removeMin()
            guard var slot = slots[top.monitorID], slot.generation == top.generation else { continue }
            var next = top.due + slot.definition.interval
            if next <= now { next = now + slot.definition.interval }
            heap.insert(DueEntry(due: next, monitorID: top.monitorID, generation: top.generation))
            guard !slot.inFlight, !slot.lifecycle.isVerifying, slot.lifecycle.state != .paused else { continue }
            slot.inFlight = true
            let rotation = slot.rotation
            slot.rotation += 1
            slots[top.monitorID] = slot
            let job = CheckJob(monitorID: top.monitorID, role: .primary, due: top.due, notBefore: top.due,
                               episode: slot.episode)
            await dispatchPrimary(job, definition: slot.definition, rotation: rotation)
        }
        return heap.min.map { min($0.due, now + .seconds(1)) } ?? now + .seconds(1)
    }

    /// Takes one finished check: keeps the observation, feeds the lifecycle, carries out its actions.
    /// - Parameter probe: who ran it; the server's own probe when nil.
    public func complete(_ job: CheckJob, observation: Observation, startedAt: ContinuousClock.Instant,
                         by probe: ProbeIdentity? = nil) async throws {
        let probe = probe ?? local
        lag.record(startedAt - job.due)
        guard var slot = slots[job.monitorID] else { return }
        if job.role == .primary {
            slot.inFlight = false
            slot.primaryRegion = probe.region
        }
        let verdict = ProbeVerdict(probe: probe.name, role: job.role, independence: independence(of: probe, job, slot),
                                   observation: observation, region: probe.region, attestation: probe.attestation,
                                   probeKey: probe.key)
        let stale = job.role == .verification && job.episode != slot.episode
        let actions = stale ? [] : slot.lifecycle.handle(
            job.role == .primary ? .primary(verdict) : .verification(verdict), policy: slot.definition.verification)
        slots[job.monitorID] = slot
        try await store.recordObservation(ObservationRecord(monitor: job.monitorID, probe: probe.name, role: job.role,
                                                            observation: observation.compactedIfUp))
        try await perform(actions, monitorID: job.monitorID)
    }

    func verificationTimedOut(monitorID: String, episode: Int) async throws {
        guard var slot = slots[monitorID], slot.episode == episode, slot.lifecycle.isVerifying else { return }
        let actions = slot.lifecycle.handle(.verificationTimedOut, policy: slot.definition.verification)
        slots[monitorID] = slot
        try await perform(actions, monitorID: monitorID)
    }

    /// How independent a look was from the episode's primary check, in words a person can check.
    func independence(of probe: ProbeIdentity, _ job: CheckJob, _ slot: Slot) -> String {
        guard job.role == .verification else { return "scheduled check" }
        if let primary = slot.primaryRegion, primary != probe.region {
            return "probe \(probe.name) in region \(probe.region), another region than the primary check's (\(primary)): "
                + "its own network path, DNS and connection"
        }
        return "same region (\(probe.region)), fresh DNS and connection, "
            + "\(DurationText.format(slot.definition.verification.recheckDelay)) after the scheduled check"
    }

    private func perform(_ actions: [MonitorLifecycle.Action], monitorID: String) async throws {
        for action in actions {
            guard var slot = slots[monitorID] else { return }
            switch action {
            case .stateChanged(let state):
                if state != .down && !(state == .up && slot.openIncidentID != nil) {
                    try await store.setMonitorState(id: monitorID, state: state, since: Date())
                }
            case .requestVerification(let count, let delay):
                slot.episode += 1
                slots[monitorID] = slot
                let now = clock.now
                let jobs = (0..<count).map { _ in
                    CheckJob(monitorID: monitorID, role: .verification, due: now + delay, notBefore: now + delay,
                             episode: slot.episode)
                }
                await dispatchVerifications(jobs, definition: slot.definition, primaryRegion: slot.primaryRegion)
                let episode = slot.episode
                let within = slot.definition.verification.within
                Task { [weak self] in
                    try? await Task.sleep(for: within)
                    try? await self?.verificationTimedOut(monitorID: monitorID, episode: episode)
                }
            case .openIncident(let failure, let verdicts):
                let incident = Incident(
                    id: Identifiers.make("inc"), monitor: monitorID, monitorName: slot.definition.name,
                    endpoint: slot.definition.request.target.description, openedAt: verdicts.first?.at ?? Date(),
                    failure: failure, verifications: verdicts)
                slot.openIncidentID = incident.id
                slots[monitorID] = slot
                let stored = try await store.openIncident(incident)
                if stored.id != incident.id, var current = slots[monitorID] {
                    current.openIncidentID = stored.id
                    slots[monitorID] = current
                }
            case .recordSuppressed(let failure, let verdicts, let reason):
                try await store.recordSuppressed(SuppressedEpisode(
                    id: Identifiers.make("sup"), monitor: monitorID, monitorName: slot.definition.name,
                    endpoint: slot.definition.request.target.description, startedAt: verdicts.first?.at ?? Date(),
                    decidedAt: Date(), failure: failure, verifications: verdicts, reason: reason))
            case .resolveIncident(let verdicts):
                guard let id = slot.openIncidentID else { continue }
                slot.openIncidentID = nil
                slots[monitorID] = slot
                try await store.resolveIncident(id: id, at: verdicts.last?.at ?? Date(), recoveries: verdicts)
            }
        }
    }
}
