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
        /// When the primary in flight was dispatched; nil when none is.
        var inFlightSince: ContinuousClock.Instant?
        /// Episodes count up from the moment this replica took the monitor on (Unix ms): a replica taking over
        /// never mistakes a verification its predecessor asked for for one of its own.
        var episode = Int(ClockPair.now().wallMs)
        var openIncidentID: String?
        /// Turns of the primary check, for rotating it over the regions with probes.
        var rotation = 0
        /// Where the current episode's primary check ran; verification goes elsewhere.
        var primaryRegion: String?
        /// Its latency baselines and error rate (see `MonitorEngine+Anomaly`).
        var anomalies = MonitorAnomalies()
        /// Its open degradation periods by kind: id, and the explanation it opened with.
        var degradations: [DegradationKind: (id: String, explanation: String)] = [:]
        /// Whether its stored recent checks were fed to `anomalies` (once, before the first live one).
        var anomaliesWarmed = false
    }

    let store: any Store
    let queue: JobQueue
    /// The queue replicas share through the store; nil runs every check in this process or its agents.
    let shared: SharedJobQueue?
    let clock = ContinuousClock()
    var slots: [String: Slot] = [:]
    private var heap = Heap<DueEntry>()
    private var generation = 0
    public private(set) var lag = LagRecorder()
    /// Maintenance windows and links for alerts; replaced on a config reload.
    public private(set) var alertSettings = AlertSettings()
    /// The certificate (its expiry) each monitor was last warned about, so a warning is drafted once per
    /// certificate and process (the outbox keeps it once across processes).
    var certificateWarned: [String: Date] = [:]
    /// Probe names to regions, for stored checks fed to the anomaly detectors (see `warmAnomalies`).
    var probeRegions: [String: String] = [:]
    /// The server's own probe: its name in verdicts and its region.
    public let local: ProbeIdentity
    let remote: RemoteProbes?
    /// What this process counted, for `/metrics`.
    public nonisolated let metrics: Metrics

    public init(store: any Store, queue: JobQueue, local: ProbeIdentity = .local, remote: RemoteProbes? = nil,
                shared: SharedJobQueue? = nil, metrics: Metrics = Metrics()) {
        self.store = store
        self.metrics = metrics
        self.queue = queue
        self.local = local
        self.remote = remote
        self.shared = shared
    }

    /// Loads or reloads the monitor set. Identity is the id (kept by name in the store); a monitor that
    /// stays keeps its lifecycle and open incident, a changed one takes its new definition.
    ///
    /// The swap itself has no suspension point: checks completing during a reload are never overwritten
    /// by a stale copy of their monitor's state.
    public func apply(_ definitions: [MonitorDefinition]) async throws {
        var stored: [String: (state: MonitorState, openIncidentID: String?)] = [:]
        var degraded: [String: [DegradationKind: (id: String, explanation: String)]] = [:]
        if definitions.contains(where: { slots[$0.id] == nil }) {
            for record in try await store.openDegradations() {
                degraded[record.monitor, default: [:]][record.kind] = (record.id, record.explanation)
            }
            // Two reads for all monitors, not two per monitor: a replica taking over loads thousands at once.
            let records = try await store.monitors()
            let open = try await store.incidents(state: .open, monitor: nil, limit: max(records.count, 1))
            let states = Dictionary(records.map { ($0.id, $0.state) }, uniquingKeysWith: { first, _ in first })
            let openIDs = Dictionary(open.map { ($0.monitor, $0.id) }, uniquingKeysWith: { first, _ in first })
            for definition in definitions where slots[definition.id] == nil {
                let openID = openIDs[definition.id]
                stored[definition.id] = (openID != nil ? .down : (states[definition.id] ?? .pending), openID)
            }
        }

        generation += 1
        let now = ClockPair.now()
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
                slot.degradations = degraded[definition.id] ?? [:]
            }
            slot.generation = generation
            let changes = definition.paused ? slot.lifecycle.pause() : slot.lifecycle.resume()
            if !definition.paused, !changes.isEmpty, slot.openIncidentID != nil {
                // Resumed during an outage: the open incident still needs its confirmed recovery.
                slot.lifecycle = MonitorLifecycle(state: .down)
            }
            if !changes.isEmpty { stateWrites.append((definition.id, slot.lifecycle.state)) }
            next[definition.id] = slot
            let dueMs = ScheduleSpread.gridPoint(name: definition.name, interval: definition.interval, from: now.wallMs)
            heap.insert(DueEntry(due: now.instant(wallMs: dueMs), dueMs: dueMs, monitorID: definition.id,
                                 generation: generation))
        }
        let dropped = slots.values.filter { next[$0.definition.id] == nil }
        slots = next

        for write in stateWrites {
            try await store.setMonitorState(id: write.id, state: write.state, since: Date())
            try await reconcileDegradations(monitorID: write.id)
        }
        for slot in dropped {
            for open in slot.degradations.values {
                try await store.endDegradation(id: open.id, at: Date(), explanation: open.explanation,
                                               ending: "the monitor was removed", alerts: [])
            }
        }
        try await store.retireMonitors(notIn: Set(definitions.map(\.name)), now: Date())
    }

    public func definition(_ id: String) -> MonitorDefinition? { slots[id]?.definition }

    public func setAlertSettings(_ settings: AlertSettings) { alertSettings = settings }

    /// Starts the lag statistics afresh (benchmarks drop their warm-up).
    public func resetLag() { lag.reset() }

    /// Enqueues every due primary check and says when to look again. A monitor still in flight or being
    /// verified skips this turn; one that fell behind resumes one interval from now, never in a burst.
    public func enqueueDue() async -> ContinuousClock.Instant {
        let pair = ClockPair.now()
        let now = pair.instant
        while let top = heap.min, top.due <= now {
            _ = heap.removeMin()
            guard var slot = slots[top.monitorID], slot.generation == top.generation else { continue }
            let interval = slot.definition.interval
            var nextMs = top.dueMs + interval.milliseconds
            if nextMs <= pair.wallMs {
                nextMs = ScheduleSpread.gridPoint(name: slot.definition.name, interval: interval, from: pair.wallMs,
                                                  inclusive: false)
            }
            heap.insert(DueEntry(due: pair.instant(wallMs: nextMs), dueMs: nextMs, monitorID: top.monitorID,
                                 generation: top.generation))
            if slot.inFlight, let since = slot.inFlightSince, now - since > lostAfter(slot.definition) {
                // Its result will not come (a lost job, a replica gone with it): checking must not stop for that.
                slot.inFlight = false
            }
            guard !slot.inFlight, !slot.lifecycle.isVerifying, slot.lifecycle.state != .paused else { continue }
            slot.inFlight = true
            slot.inFlightSince = now
            let rotation = slot.rotation
            slot.rotation += 1
            slots[top.monitorID] = slot
            let job = CheckJob(monitorID: top.monitorID, role: .primary, due: top.due, notBefore: top.due,
                               episode: slot.episode, dueMs: top.dueMs)
            await dispatchPrimary(job, definition: slot.definition, rotation: rotation)
        }
        return heap.min.map { min($0.due, now + .seconds(1)) } ?? now + .seconds(1)
    }

    /// How long a primary may be in flight before it is taken for lost: far past every wait its job can see
    /// (pickup, budget, lease slack, requeue), so a slow result is never overtaken.
    private func lostAfter(_ definition: MonitorDefinition) -> Duration {
        definition.request.effectiveBudget * 2 + definition.interval * 2 + .seconds(60)
    }

    /// Takes one finished check: keeps the observation, feeds the lifecycle, carries out its actions.
    /// - Parameter probe: who ran it; the server's own probe when nil.
    public func complete(_ job: CheckJob, observation: Observation, startedAt: ContinuousClock.Instant,
                         by probe: ProbeIdentity? = nil) async throws {
        let probe = probe ?? local
        lag.record(startedAt - job.due)
        if job.role == .primary { await warmAnomalies(monitorID: job.monitorID) }
        guard var slot = slots[job.monitorID] else { return }
        if job.role == .primary {
            slot.inFlight = false
            slot.inFlightSince = nil
            slot.primaryRegion = probe.region
        }
        let verdict = ProbeVerdict(probe: probe.name, role: job.role, independence: independence(of: probe, job, slot),
                                   observation: observation, region: probe.region, attestation: probe.attestation,
                                   probeKey: probe.key)
        learn(from: observation, job: job, region: probe.region, slot: &slot)
        let stale = job.role == .verification && job.episode != slot.episode
        let actions = stale ? [] : slot.lifecycle.handle(
            job.role == .primary ? .primary(verdict) : .verification(verdict), policy: slot.definition.verification)
        if actions.contains(where: { if case .requestVerification = $0 { true } else { false } }) {
            // The new episode's number is taken here, with the lifecycle's episode, before any suspension point:
            // otherwise the previous episode's `within` timer, firing during the awaits below, would pass its
            // episode check and decide the new episode with only its primary in hand (a suppressed episode with no
            // look that saw it up, and the real verifications dropped as stale).
            slot.episode += 1
        }
        slots[job.monitorID] = slot
        try await store.recordObservation(ObservationRecord(monitor: job.monitorID, probe: probe.name, role: job.role,
                                                            observation: observation.compactedIfUp))
        await metrics.recordCheck(monitor: slot.definition.name, probe: probe.name, observation: observation)
        try await perform(actions, monitorID: job.monitorID)
        try await reconcileDegradations(monitorID: job.monitorID)
        if job.role == .primary { try await warnOfCertificate(observation, definition: slot.definition) }
    }

    func verificationTimedOut(monitorID: String, episode: Int) async throws {
        guard var slot = slots[monitorID], slot.episode == episode, slot.lifecycle.isVerifying else { return }
        let actions = slot.lifecycle.handle(.verificationTimedOut, policy: slot.definition.verification)
        slots[monitorID] = slot
        try await perform(actions, monitorID: monitorID)
        try await reconcileDegradations(monitorID: monitorID)
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
                // Its episode number was taken in `complete`, the only producer of this action.
                let now = ClockPair.now()
                let dueMs = now.wallMs + delay.milliseconds
                let jobs = (0..<count).map { index in
                    CheckJob(monitorID: monitorID, role: .verification, due: now.instant + delay,
                             notBefore: now.instant + delay, episode: slot.episode, dueMs: dueMs, slot: index)
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
                let message = alertSettings.message(.opened, eventID: "\(incident.id):opened", incident: incident,
                                                    at: incident.openedAt)
                let stored = try await store.openIncident(incident, alerts: alertSettings.drafts(
                    message, channels: slot.definition.alertRoutes.map(\.channel), definition: slot.definition, now: Date()))
                if stored.id != incident.id, var current = slots[monitorID] {
                    current.openIncidentID = stored.id
                    slots[monitorID] = current
                }
            case .recordSuppressed(let failure, let verdicts, let reason):
                slot.anomalies.recordSuppressed(at: (verdicts.first?.at ?? Date()).epochMilliseconds)
                slots[monitorID] = slot
                try await store.recordSuppressed(SuppressedEpisode(
                    id: Identifiers.make("sup"), monitor: monitorID, monitorName: slot.definition.name,
                    endpoint: slot.definition.request.target.description, startedAt: verdicts.first?.at ?? Date(),
                    decidedAt: Date(), failure: failure, verifications: verdicts, reason: reason))
            case .resolveIncident(let verdicts):
                guard let id = slot.openIncidentID else { continue }
                slot.openIncidentID = nil
                slots[monitorID] = slot
                try await resolve(id, at: verdicts.last?.at ?? Date(), recoveries: verdicts, definition: slot.definition)
            }
            await metrics.record(action)
        }
    }
}
