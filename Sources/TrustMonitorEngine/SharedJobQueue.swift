import Foundation
import Logging
public import TrustMonitorAgentProtocol
public import TrustMonitorCore
public import TrustMonitorStore

/// The active replica's side of the queue that replicas share through the store: jobs it submits are written
/// in batches (whatever was submitted while the previous write was in flight goes in the next one), so a
/// thousand checks a second cost tens of transactions, not thousands.
///
/// A failed write keeps its jobs and is tried again: a job is never dropped because the database blinked.
public actor SharedJobQueue {
    let store: any Store
    /// How long a regional job waits for an agent of its region before the replicas' own probes take it.
    nonisolated public let pickupTime: Duration
    /// How long a lease outlives its check's budget before the job is taken for lost and queued again.
    nonisolated public let leaseSlack: Duration
    private var buffer: [SharedJob] = []
    private var writing = false
    private var inFlight = 0
    private let logger = Logger(label: "trustmonitor.queue")
    /// Jobs written, and those skipped as already queued (another scheduler's copy of the same due check).
    public private(set) var written = 0
    public private(set) var duplicates = 0

    /// More than this many unwritten jobs means the database has been gone for long: older ones give way, and
    /// their monitors are checked again at their next due time (the engine takes a lost primary as lost).
    static let bufferLimit = 100_000

    public init(store: any Store, pickupTime: Duration = .seconds(5), leaseSlack: Duration = .seconds(10)) {
        self.store = store
        self.pickupTime = pickupTime
        self.leaseSlack = leaseSlack
    }

    /// Queues the job for agents of `region`, or for the replicas' own probes when `region` is nil.
    public func submit(_ job: CheckJob, definition: MonitorDefinition, spec: CheckSpec, region: String?) {
        let notBeforeMs = ClockPair.now().wallMs(job.notBefore)
        let check = (try? JSONCoding.encoder().encode(spec)).map { [UInt8]($0) } ?? []
        buffer.append(SharedJob(
            id: Identifiers.make("job"), monitorID: job.monitorID, monitorName: definition.name, role: job.role,
            episode: job.episode, dueMs: job.dueMs, slot: job.slot, notBeforeMs: notBeforeMs, region: region,
            pickupByMs: max(notBeforeMs, ClockPair.now().wallMs) + pickupTime.milliseconds,
            budgetMs: definition.request.effectiveBudget.milliseconds, check: check))
        if buffer.count > Self.bufferLimit { buffer.removeFirst(buffer.count - Self.bufferLimit) }
        guard !writing else { return }
        writing = true
        Task { await self.writeBuffered() }
    }

    /// Writes until nothing is left; one write at a time, each taking everything submitted so far.
    private func writeBuffered() async {
        while !buffer.isEmpty {
            let batch = buffer
            buffer.removeAll(keepingCapacity: true)
            inFlight = batch.count
            defer { inFlight = 0 }
            do {
                let added = try await store.enqueueJobs(batch)
                written += added
                duplicates += batch.count - added
            } catch {
                logger.error("jobs not queued yet; trying again", metadata: ["jobs": "\(batch.count)", "error": "\(error)"])
                buffer.insert(contentsOf: batch, at: 0)
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
        writing = false
    }

    /// Jobs submitted but not yet written (waiting, or being written now).
    public var unwritten: Int { buffer.count + inFlight }
}

/// A probe's result as it travels through the shared queue to the active replica: who looked, with the
/// agent's signature over what it saw, and whether the agent was impaired (its look then counts for nothing
/// and the check is run again by a replica's own probe).
public struct SharedJobResult: Codable, Sendable {
    public var probe: String
    public var region: String
    public var attestation: String?
    public var key: String?
    public var impaired: Bool
    public var observation: Observation

    public init(probe: ProbeIdentity, impaired: Bool, observation: Observation) {
        self.probe = probe.name
        self.region = probe.region
        self.attestation = probe.attestation
        self.key = probe.key
        self.impaired = impaired
        self.observation = observation
    }

    public var identity: ProbeIdentity {
        ProbeIdentity(name: probe, region: region, attestation: attestation, key: key)
    }

    public func encoded() throws -> [UInt8] { [UInt8](try JSONCoding.encoder().encode(self)) }

    public static func decode(_ bytes: [UInt8]) throws -> SharedJobResult {
        try JSONCoding.decoder().decode(SharedJobResult.self, from: Data(bytes))
    }
}
