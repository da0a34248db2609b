import Foundation
import TrustMonitorAgentProtocol
import TrustMonitorCore
import TrustMonitorEngine
import TrustMonitorLedger
@testable import TrustMonitorServer
import TrustMonitorStore

/// A store holding something for every dashboard page to show: monitors in four states (one named to break HTML),
/// checks from three probes, an open incident confirmed by a signed look and a look signed with a key its probe
/// never registered, an alert, ledger entries under a checkpoint the log signed and a witness cosigned.
struct DashboardFixture {
    let store: SQLiteStore
    let api: MonitorRecord
    let web: MonitorRecord
    let paused: MonitorRecord
    let fresh: MonitorRecord
    let incidentID = "inc_dash"
    let definitions: [String: MonitorDefinition]
    let logKey: String
    let now: Date

    static let hostileName = "web<script>alert('x')</script>&"

    var sources: DashboardSources {
        let definitions = definitions
        return DashboardSources(definitions: { ids in definitions.filter { ids.contains($0.key) } })
    }

    static func make() async throws -> DashboardFixture {
        let directory = NSTemporaryDirectory() + "tm-dash-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try await SQLiteStore.open(path: directory + "/dash.db")
        try await store.migrate()
        let now = Date()
        func monitor(_ name: String, _ state: MonitorState?) async throws -> MonitorRecord {
            let record = try await store.upsertMonitor(name: name, endpoint: "https://\(name.prefix(3)).test/health",
                                                       interval: .seconds(30), now: now.addingTimeInterval(-7200))
            if let state { try await store.setMonitorState(id: record.id, state: state, since: now.addingTimeInterval(-600)) }
            return try await store.monitor(id: record.id) ?? record
        }
        let api = try await monitor("api", nil), web = try await monitor(hostileName, .up)
        let paused = try await monitor("batch", .paused), fresh = try await monitor("fresh", nil)

        // Probes: eu-1 registered its key and a witness key; us-1 registered another key and its canary fails; ap-1
        // never came.
        let euKey = try NoteSigner.generate(name: "eu-1", type: .ed25519)
        let usKey = try NoteSigner.generate(name: "us-1", type: .ed25519)
        let rogue = try NoteSigner.generate(name: "us-1", type: .ed25519)
        let witness = try NoteSigner.generate(name: "witness-eu-1", type: .cosignatureV1)
        let eu = try await store.addProbe(name: "eu-1", region: "eu", tokenHash: "hash-eu-1", now: now)
        _ = try await store.registerProbeKey(id: eu.id, key: euKey.verifierKey.vkey, witnessKey: witness.verifierKey.vkey, now: now)
        try await store.recordHeartbeat(id: eu.id, at: now.addingTimeInterval(-5), canaryFailure: nil)
        let us = try await store.addProbe(name: "us-1", region: "us", tokenHash: "hash-us-1", now: now)
        _ = try await store.registerProbeKey(id: us.id, key: usKey.verifierKey.vkey, witnessKey: nil, now: now)
        try await store.recordHeartbeat(id: us.id, at: now.addingTimeInterval(-5), canaryFailure: "canary <unreachable>")
        _ = try await store.addProbe(name: "ap-1", region: "ap", tokenHash: "hash-ap-1", now: now)

        // Checks: api's scheduled checks went down, eu-1 confirmed; web is up.
        for (offset, up) in [(-180.0, true), (-120, true), (-60, false)] {
            try await store.recordObservation(ObservationRecord(monitor: api.id, probe: "local", role: .primary,
                                                                observation: observation(at: now.addingTimeInterval(offset), up: up)))
        }
        let failing = observation(at: now.addingTimeInterval(-58), up: false)
        try await store.recordObservation(ObservationRecord(monitor: api.id, probe: "eu-1", role: .verification, observation: failing))
        try await store.recordObservation(ObservationRecord(monitor: web.id, probe: "local", role: .primary,
                                                            observation: observation(at: now.addingTimeInterval(-30), up: true)))

        func signed(_ signer: NoteSigner, probe: String, region: String) throws -> String {
            let envelope = try SignedObservation(lease: "lease-1", probe: probe, region: region, monitor: api.id,
                                                 role: .verification, observation: failing).envelope(signer: signer)
            return String(decoding: try envelope.jsonData(), as: UTF8.self)
        }
        let opened = now.addingTimeInterval(-60)
        let primary = ProbeVerdict(probe: "local", role: .primary, independence: "scheduled check",
                                   observation: observation(at: opened, up: false))
        let confirmed = ProbeVerdict(probe: "eu-1", role: .verification, independence: "another region, 2s later",
                                     observation: failing, region: "eu", attestation: try signed(euKey, probe: "eu-1", region: "eu"),
                                     probeKey: euKey.verifierKey.vkey)
        let unregistered = ProbeVerdict(probe: "us-1", role: .verification, independence: "another region, 2s later",
                                        observation: failing, region: "us",
                                        attestation: try signed(rogue, probe: "us-1", region: "us"), probeKey: rogue.verifierKey.vkey)
        let alert = AlertDraft(channel: "oncall", message: AlertMessage(
            kind: .opened, eventID: "inc_dash:opened", monitorID: api.id, monitorName: "api", endpoint: api.endpoint,
            incidentID: "inc_dash", failure: Failure(.http5xx, "HTTP 503"), openedAt: opened, at: opened))
        _ = try await store.openIncident(Incident(
            id: "inc_dash", monitor: api.id, monitorName: "api", endpoint: api.endpoint, openedAt: opened,
            failure: Failure(.http5xx, "HTTP 503"), verifications: [primary, confirmed, unregistered]), alerts: [alert])

        // The log signs a checkpoint over the incident's entries; eu-1's witness cosigns it.
        let log = try NoteSigner.generate(name: "dash.test/ledger", type: .ed25519)
        let published = try await CheckpointPublisher(store: store, signer: log).publish()
        let cosigned = SignedNote(text: published.text, signatures: published.signatures
            + [try witness.cosign(text: published.text, timestamp: UInt64(now.timeIntervalSince1970))])
        let size = try await store.ledgerSize()
        try await store.recordCheckpoint(size: size, note: cosigned.serialized)

        let definitions = try [api, web, paused].reduce(into: [String: MonitorDefinition]()) { found, record in
            let tags = record.id == api.id ? ["core", "eu"] : record.id == web.id ? ["eu"] : ["batch"]
            found[record.id] = MonitorDefinition(
                id: record.id, name: record.name,
                request: CheckRequest(target: try Target.parse(record.endpoint),
                                      conditions: [try Condition.parse("[STATUS] == 200"),
                                                   try Condition.parse("[RESPONSE_TIME] < 500")]),
                interval: .seconds(30), verification: .default, paused: record.id == paused.id, tags: tags)
        }
        return DashboardFixture(store: store, api: try await store.monitor(id: api.id) ?? api, web: web, paused: paused,
                                fresh: fresh, definitions: definitions, logKey: log.verifierKey.vkey, now: now)
    }

    /// A check with every phase timed and its status condition judged.
    static func observation(at time: Date, up: Bool) -> Observation {
        let attempt = Attempt(number: 1, startedAt: time, url: "https://api.test/health", remoteAddress: "192.0.2.7:443",
                              status: up ? 200 : 503, failure: up ? nil : Failure(.http5xx, "HTTP 503"),
                              phases: Phases(dns: 2, connect: 5, tls: 20, ttfb: up ? 40 : 90, transfer: 3, total: up ? 70 : 120),
                              headers: [HeaderField(name: "content-type", value: "text/html")],
                              body: BodyEvidence(bytesRead: 12, truncated: false, sha256: String(repeating: "ab", count: 32),
                                                 excerpt: up ? "ok" : "<b>down</b>"),
                              conditions: [ConditionResult(condition: "[STATUS] == 200", success: up,
                                                           actual: up ? "200" : "503", expected: "200")])
        return Observation(target: "https://api.test/health", method: "GET", startedAt: time, finishedAt: time.addingTimeInterval(0.12),
                           attempts: [attempt], retryStop: up ? nil : "attempts used up")
    }
}
