public import struct Foundation.Date
public import TrustMonitorCore
public import TrustMonitorLedger

/// Everything the engine and the API keep: monitors, observations, incidents, suppressed episodes, rollups, the
/// ledger, the job queue and the alert outbox.
///
/// One protocol, several backends (SQLite now, PostgreSQL later), one conformance test suite run against
/// each. Every method is one transaction: a crash leaves either all of a call's writes or none.
public protocol Store: Sendable {
    /// Applies pending versioned migrations; safe to call on every start.
    func migrate() async throws

    /// Creates the monitor on first sight of its name, or updates its endpoint and interval; identity (id,
    /// history) is kept by name across restarts and config reloads.
    func upsertMonitor(name: String, endpoint: String, interval: Duration, now: Date) async throws -> MonitorRecord
    /// Monitors no longer configured are kept (history) but marked retired, so they are not scheduled. Only the
    /// file's monitors: the API retires its own (`deleteAPIMonitor`), never a config load.
    func retireMonitors(notIn names: Set<String>, now: Date) async throws
    func monitors() async throws -> [MonitorRecord]
    func monitor(id: String) async throws -> MonitorRecord?
    func setMonitorState(id: String, state: MonitorState, since: Date) async throws

    /// Keeps one check's observation and, for a primary (scheduled) check, counts it in the hourly and
    /// daily rollups, in one transaction.
    func recordObservation(_ record: ObservationRecord) async throws
    /// Newest first.
    func observations(monitor: String, since: Date?, limit: Int) async throws -> [ObservationRecord]

    /// Opens an incident, sets the monitor `down`, appends the incident's ledger entries (opened, one per look)
    /// and puts `alerts` in the outbox (as `enqueueAlerts` does, created at `openedAt`), atomically: an alert
    /// exists exactly when its event does, whatever crashes. At most one incident is open per monitor: if one is
    /// already open, it is returned unchanged and nothing is written, alerts included.
    func openIncident(_ incident: Incident, alerts: [AlertDraft]) async throws -> Incident
    /// Resolves the open incident, sets the monitor `up`, keeps the incident's report (its final JSON), appends
    /// `incident.resolved` and `incident.report` (the report's digest) to the ledger and puts `alerts` in the
    /// outbox (created at `at`), atomically; a no-op, alerts included, if already resolved.
    func resolveIncident(id: String, at: Date, recoveries: [ProbeVerdict], alerts: [AlertDraft]) async throws
    /// The exact report bytes kept when the incident resolved; nil while it is open.
    func incidentReport(id: String) async throws -> [UInt8]?
    func openIncident(monitor: String) async throws -> Incident?
    /// Newest first, filtered by state and monitor when given.
    func incidents(state: Incident.State?, monitor: String?, limit: Int) async throws -> [Incident]
    func incident(id: String) async throws -> Incident?

    /// Starts a degradation period, appends `degradation.started` to the ledger and puts `alerts` in the outbox,
    /// atomically. At most one period is open per monitor and kind: if one is, it is returned unchanged and nothing
    /// is written, alerts included.
    func openDegradation(_ record: DegradationRecord, alerts: [AlertDraft]) async throws -> DegradationRecord
    /// Ends the open period `id` at `at` with its final explanation and how it ended, appends `degradation.ended`
    /// and puts `alerts` in the outbox, atomically; a no-op, alerts included, if it already ended.
    func endDegradation(id: String, at: Date, explanation: String, ending: String, alerts: [AlertDraft]) async throws
    /// Periods that overlap `from ..< to` (open ones included), of one monitor or all, oldest first.
    func degradations(monitor: String?, from: Date, to: Date) async throws -> [DegradationRecord]
    /// Every period still open, by monitor: what the pages show as `degraded`.
    func openDegradations() async throws -> [DegradationRecord]

    func recordSuppressed(_ episode: SuppressedEpisode) async throws
    func suppressedEpisodes(monitor: String?, limit: Int) async throws -> [SuppressedEpisode]

    func rollups(monitor: String, period: RollupPeriod, from: Date, to: Date) async throws -> [Rollup]
    /// Every monitor's buckets whose start lies in `from ..< to`, by monitor id (bytewise), oldest first: one query
    /// for a page of many monitors, where the call above would be a round trip per monitor.
    func rollups(period: RollupPeriod, from: Date, to: Date) async throws -> [Rollup]
    /// Each monitor's newest observation (any role), by monitor id, read from the columns beside the body: one
    /// query, whatever the number of monitors or observations kept.
    /// Each monitor's buckets in `from ..< to` added up: one rollup per monitor with any (`start` = `from`), by monitor
    /// id (bytewise). A list's "uptime over 24 hours" needs these sums, not the buckets.
    func rollupTotals(period: RollupPeriod, from: Date, to: Date) async throws -> [Rollup]
    func latestObservations() async throws -> [ObservationSummary]
    /// Adds counts to rollup buckets in one transaction, as recorded observations add theirs (a bucket's counts and
    /// sums grow): for history kept elsewhere, and for benchmarks that need months of it in seconds.
    func addToRollups(_ rollups: [Rollup]) async throws
    /// After a bulk import, brings the database's own upkeep up to date at once, as it would happen in the background
    /// within a minute or so: PostgreSQL's `VACUUM (ANALYZE)` of the rollups (planner statistics, and the visibility
    /// that lets the pages' index-only scans skip the table). SQLite keeps no such state: nothing to do.
    func settleAfterImport() async throws
    /// Deletes raw observations started before `cutoff` (rollups, incidents and episodes stay); returns
    /// how many were deleted.
    func pruneObservations(before cutoff: Date) async throws -> Int

    /// How many entries the ledger holds (the next entry's seq).
    func ledgerSize() async throws -> Int
    /// Entries from seq `from`, in order, at most `limit`.
    func ledgerEntries(from: Int, limit: Int) async throws -> [StoredLedgerEntry]
    /// Appends entries that record no incident event (registrations, summaries) in one transaction, synced
    /// to disk before it returns; gives the seqs they took. Batching many entries into one call is what
    /// makes appends fast: the sync is paid once per call.
    func appendLedgerEntries(_ drafts: [LedgerEntryDraft]) async throws -> Range<Int>
    /// Keeps a checkpoint the log signed (the signed-note text), one per tree size; the same size again
    /// replaces the note (the same checkpoint, now with witnesses' cosignatures). Synced to disk, with
    /// every entry committed before it, before it returns: what a published checkpoint covers survives
    /// even a power loss.
    func recordCheckpoint(size: Int, note: String) async throws
    /// Every stored checkpoint, smallest size first.
    func checkpoints() async throws -> [(size: Int, note: String)]
    /// The stored checkpoint of the largest size: what a standby replica serves.
    func latestCheckpoint() async throws -> (size: Int, note: String)?
    /// When the checkpoint of `size` was first stored (cosignatures added later keep that time); nil if none is.
    func checkpointRecordedAt(size: Int) async throws -> Date?
    /// The entries of one incident, in log order.
    func ledgerEntries(incident: String) async throws -> [StoredLedgerEntry]
    /// Appends each summary's `summary.daily` entry and marks its (monitor, day) summarized, in one transaction synced
    /// to disk; a (monitor, day) already summarized is skipped, entry and all, so a day is summarized once however
    /// many replicas or restarts try. Returns how many were appended.
    func appendDailySummaries(_ summaries: [DailySummaryDraft]) async throws -> Int
    /// The summaries of the days `from...through` (`YYYY-MM-DD`, both included) of one monitor, or of every monitor
    /// when nil, by monitor id (bytewise) and day, with their entries as stored.
    func dailySummaries(monitor: String?, from: String, through: String) async throws -> [DailySummaryRecord]

    /// Adds a remote probe with the SHA-256 (hex) of its token; a taken name is `StoreError.conflict`.
    func addProbe(name: String, region: String, tokenHash: String, now: Date) async throws -> ProbeRecord
    /// The unrevoked probe whose token hashes to `tokenHash`, if any.
    func probe(tokenHash: String) async throws -> ProbeRecord?
    /// Binds the probe's signing key (and witness key, if it witnesses) at its first registration and appends
    /// `probe.registered` to the ledger, atomically; the same keys again are a no-op, other keys are
    /// `StoreError.conflict`.
    func registerProbeKey(id: String, key: String, witnessKey: String?, now: Date) async throws -> ProbeRecord
    /// The agent's heartbeat: when, and whether its canary failed (then `impaired`, with the reason).
    func recordHeartbeat(id: String, at: Date, canaryFailure: String?) async throws
    /// Every unrevoked probe, by name.
    func probes() async throws -> [ProbeRecord]

    /// The lock that makes one of several server processes sharing this store the active replica.
    func replicaLock() -> any ReplicaLock

    // MARK: The shared job queue (see `SharedJob`)

    /// Adds jobs in one transaction; a job with the same monitor, role, due time and slot as one already
    /// queued, leased or done is skipped, so one due check is queued once however many schedulers ask.
    /// Returns how many were added.
    func enqueueJobs(_ jobs: [SharedJob]) async throws -> Int
    /// Claims up to `limit` queued jobs of `region` (nil: the replicas' own probes' jobs) whose `notBefore` has
    /// come, oldest `notBefore` first, for `claimant`; concurrent claimers never get the same job (PostgreSQL:
    /// `FOR UPDATE SKIP LOCKED`). Each claim gets a new lease id and runs out at
    /// `max(notBefore, now) + budget + leaseSlack`.
    func claimJobs(region: String?, claimant: String, limit: Int, now: Date, leaseSlack: Duration) async throws
        -> [ClaimedJob]
    /// Keeps the results of claims, in one transaction (one commit for a whole batch an agent posts): each is
    /// accepted once, while its lease holds, only from its claimant, and only for its own job; then the job
    /// waits, done, for `completedJobs`. One answer per post, in order.
    func completeJobs(_ posts: [JobResultPost], now: Date) async throws -> [JobCompletion]
    /// Done jobs, oldest result first, at most `limit`; they stay until `deleteJobs`, so a replica that dies
    /// between reading and deciding loses nothing.
    func completedJobs(limit: Int) async throws -> [CompletedJob]
    func deleteJobs(ids: [String]) async throws
    /// Regional jobs nobody claimed by their pickup time go to the replicas' own probes; leases run out go
    /// back to the queue for them too. Returns how many jobs moved.
    func requeueOverdueJobs(now: Date) async throws -> Int
    func jobCounts() async throws -> JobCounts

    // MARK: The alert outbox (see `AlertDraft`, `AlertDelivery`)

    /// Puts alerts in the outbox in one transaction, due at once (`held` ones kept but never due); a key already
    /// kept is skipped, so an event's alert to a channel is kept once however many replicas, however often, draft
    /// it. Returns how many were added.
    func enqueueAlerts(_ drafts: [AlertDraft], now: Date) async throws -> Int
    /// Claims up to `limit` pending alerts due by `now` whose claim is absent or run out, longest due first, for
    /// `claimant` until `now + lease`: while a claim holds no other claimer gets the alert (PostgreSQL:
    /// `FOR UPDATE SKIP LOCKED`); once it runs out (the claimer died, or hung), another may send it again.
    func claimDueAlerts(claimant: String, limit: Int, now: Date, lease: Duration) async throws -> [AlertDelivery]
    /// Keeps what one attempt did, only while the alert is pending and claimed by `claimant` (a claim run out but
    /// not taken by another still is: keeping its answer prevents a second send); otherwise changes nothing and
    /// returns false. Counts the attempt, keeps its result and clears the claim: delivered and failed are final,
    /// a retry is due again at its time.
    func recordDeliveryAttempt(id: String, claimant: String, record: DeliveryRecord, now: Date) async throws -> Bool
    /// Newest first, filtered by state and incident when given.
    func alertDeliveries(state: AlertDelivery.State?, incident: String?, limit: Int) async throws -> [AlertDelivery]
    /// Records who acknowledged the incident (so reminders and escalations stop); the first acknowledgement is kept
    /// and returned to every later one. An unknown incident is `StoreError.unknownIncident`.
    func acknowledgeIncident(id: String, by: String, at: Date) async throws -> (at: Date, by: String)
    /// The incident's first acknowledgement; nil while there is none.
    func incidentAcknowledgement(id: String) async throws -> (at: Date, by: String)?

    // MARK: API tokens and dashboard sessions (see `APITokenRecord`, `SessionRecord`)

    /// Keeps a new token by the SHA-256 (hex) of its secret; a hash already kept is `StoreError.conflict`.
    func createToken(name: String, scopes: Set<TokenScope>, tokenHash: String, now: Date) async throws -> APITokenRecord
    /// The first start's admin token: kept (scopes `[admin]`) only while no token at all exists, revoked ones
    /// included; nil when there was one. Of several replicas starting at once on one database, one keeps its token.
    func createInitialAdminToken(name: String, tokenHash: String, now: Date) async throws -> APITokenRecord?
    /// The unrevoked token whose secret hashes to `hash`.
    func token(hash: String) async throws -> APITokenRecord?
    /// Every token, revoked ones too, oldest first.
    func tokens() async throws -> [APITokenRecord]
    /// Revokes the token and ends its sessions, atomically; the first revocation's time is kept. Nil for an
    /// unknown id.
    func revokeToken(id: String, at: Date) async throws -> APITokenRecord?
    /// Records a use. A write per request would load a busy API for a statistic: callers call this at most
    /// about once a minute per token.
    func touchToken(id: String, at: Date) async throws
    /// Keeps a session of an unrevoked token (false, and nothing kept, otherwise), deleting expired sessions on
    /// the way, so the table holds only live ones and those of the last day or so.
    func createSession(_ session: SessionRecord) async throws -> Bool
    /// The session whose id hashes to `idHash`, with its token, while it has not expired and its token is not
    /// revoked.
    func session(idHash: String, now: Date) async throws -> (session: SessionRecord, token: APITokenRecord)?
    func deleteSession(idHash: String) async throws
    /// Revokes a remote probe: its token no longer finds it and it leaves `probes()`; its row stays, so its name
    /// and key remain bound as the ledger recorded them. False for an unknown or already revoked probe.
    func revokeProbe(id: String, at: Date) async throws -> Bool

    // MARK: Monitors, maintenance windows and comments through the API (see `APIMonitor`, `MonitorSource`)

    /// The monitor of that name, retired or not (names are unique across owners).
    func monitor(name: String) async throws -> MonitorRecord?
    /// Creates a monitor the API owns, counting an API change; a name in use is `StoreError.conflict`, a retired
    /// monitor's name is taken over with its history (as the file naming it again would).
    func createAPIMonitor(_ draft: APIMonitorDraft, now: Date) async throws -> MonitorRecord
    /// Replaces an API monitor's definition (and name, endpoint, interval; its paused flag when the draft says),
    /// counting an API change. Unknown or retired: `StoreError.unknownMonitor`; the file's: `.configOwned`; the new
    /// name another monitor's: `.conflict`.
    func updateAPIMonitor(id: String, _ draft: APIMonitorDraft, now: Date) async throws -> MonitorRecord
    /// Sets an API monitor's paused flag, counting an API change; errors as `updateAPIMonitor`.
    func setAPIMonitorPaused(id: String, paused: Bool, now: Date) async throws -> MonitorRecord
    /// Retires an API monitor (history kept, as a config removal does) and drops its definition, counting an API
    /// change; errors as `updateAPIMonitor`.
    func deleteAPIMonitor(id: String, now: Date) async throws
    /// Every API monitor in use, with its definition, by name.
    func apiMonitors() async throws -> [APIMonitor]
    /// A number every API change of monitors or maintenance windows counts up, in the change's transaction: one
    /// cheap read tells a replica whether to reload them.
    func apiChangeStamp() async throws -> Int64
    /// Keeps a maintenance window made through the API, counting an API change.
    func addMaintenanceWindow(_ window: MaintenanceWindow, by: String, now: Date) async throws -> StoredMaintenanceWindow
    /// Every window made through the API, by start.
    func maintenanceWindows() async throws -> [StoredMaintenanceWindow]
    /// Deletes a window made through the API, counting an API change; false for an unknown id.
    func deleteMaintenanceWindow(id: String) async throws -> Bool
    /// Keeps a comment on an incident; an unknown incident is `StoreError.unknownIncident`.
    func addIncidentComment(incident: String, by: String, text: String, at: Date) async throws -> IncidentComment
    /// The incident's comments in the order they were written.
    func incidentComments(incident: String) async throws -> [IncidentComment]

    func close() async throws
}

/// One ledger entry as stored: its leaf index, its exact bytes, and their RFC 6962 leaf hash (hex).
public struct StoredLedgerEntry: Sendable, Equatable {
    public var seq: Int
    public var bytes: [UInt8]
    public var leafHash: String

    public init(seq: Int, bytes: [UInt8], leafHash: String) {
        self.seq = seq
        self.bytes = bytes
        self.leafHash = leafHash
    }
}

/// A monitor as stored: stable id, the name that is its identity in config, and its current state.
public struct MonitorRecord: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var endpoint: String
    public var intervalMs: Int64
    public var state: MonitorState
    public var stateSince: Date
    public var createdAt: Date
    public var retired: Bool
    /// Who defines it: the configuration file, or the API.
    public var source: MonitorSource
    /// Paused through the API (an API monitor's flag); a configured monitor's `paused:` shows in its state.
    public var paused: Bool

    public init(id: String, name: String, endpoint: String, intervalMs: Int64, state: MonitorState,
                stateSince: Date, createdAt: Date, retired: Bool, source: MonitorSource = .config, paused: Bool = false) {
        self.id = id
        self.name = name
        self.endpoint = endpoint
        self.intervalMs = intervalMs
        self.state = state
        self.stateSince = stateSince
        self.createdAt = createdAt
        self.retired = retired
        self.source = source
        self.paused = paused
    }

    enum CodingKeys: String, CodingKey {
        case id, name, endpoint, state, retired, source, paused
        case intervalMs = "interval_ms", stateSince = "state_since", createdAt = "created_at"
    }

    /// Tolerates records written before monitors had owners: those are the file's, unpaused.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(String.self, forKey: .id), name: try container.decode(String.self, forKey: .name),
                  endpoint: try container.decode(String.self, forKey: .endpoint),
                  intervalMs: try container.decode(Int64.self, forKey: .intervalMs),
                  state: try container.decode(MonitorState.self, forKey: .state),
                  stateSince: try container.decode(Date.self, forKey: .stateSince),
                  createdAt: try container.decode(Date.self, forKey: .createdAt),
                  retired: try container.decode(Bool.self, forKey: .retired),
                  source: try container.decodeIfPresent(MonitorSource.self, forKey: .source) ?? .config,
                  paused: try container.decodeIfPresent(Bool.self, forKey: .paused) ?? false)
    }
}

/// One stored check: which monitor, which probe, in which role, and the whole observation.
public struct ObservationRecord: Codable, Sendable {
    public var monitor: String
    public var probe: String
    public var role: ProbeVerdict.Role
    public var observation: Observation

    public init(monitor: String, probe: String, role: ProbeVerdict.Role, observation: Observation) {
        self.monitor = monitor
        self.probe = probe
        self.role = role
        self.observation = observation
    }
}

public enum RollupPeriod: String, Codable, Sendable { case hour, day }

/// Counts for one monitor over one hour or day, kept after raw observations are pruned.
public struct Rollup: Codable, Sendable, Equatable {
    public var monitor: String
    public var period: RollupPeriod
    /// Start of the bucket (UTC).
    public var start: Date
    public var checks: Int
    public var up: Int
    public var down: Int
    /// Sum of total times of all checks in ms, for averages.
    public var totalMsSum: Double

    public init(monitor: String, period: RollupPeriod, start: Date, checks: Int, up: Int, down: Int, totalMsSum: Double) {
        self.monitor = monitor
        self.period = period
        self.start = start
        self.checks = checks
        self.up = up
        self.down = down
        self.totalMsSum = totalMsSum
    }
}

extension Store {
    /// One result: `completeJobs` with one post.
    public func completeJob(lease: String, claimant: String, result: [UInt8], now: Date) async throws -> JobCompletion {
        try await completeJobs([JobResultPost(lease: lease, claimant: claimant, result: result)], now: now).first
            ?? .unknownLease
    }
}
