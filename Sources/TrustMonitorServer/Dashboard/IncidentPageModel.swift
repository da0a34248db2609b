import Foundation
import TrustMonitorCore
import TrustMonitorLedger
import TrustMonitorStore

/// `/dashboard/incidents/{id}`: everything known of one incident, for the timeline: its looks and their signatures,
/// its alerts, its acknowledgement and comments, and where it stands in the ledger.
struct IncidentPageModel {
    struct Look {
        var verdict: ProbeVerdict
        var signature: LookSignature
    }

    /// One ledger entry of the incident: its position and type, and whether the latest checkpoint covers it.
    struct LedgerEntry {
        var seq: Int
        var type: String
        var covered: Bool
    }

    var generatedAt: Date
    var incident: Incident
    var looks: [Look]
    var recoveries: [Look]
    /// Newest first.
    var deliveries: [AlertDelivery]
    var acknowledgement: (at: Date, by: String)?
    /// In the order they were written.
    var comments: [IncidentComment]
    var ledger: [LedgerEntry]
    /// The latest checkpoint's size and when it was signed; nil before the first.
    var checkpoint: (size: Int, at: Date?)?

    /// Nil when there is no such incident.
    static func load(store: any Store, id: String, now: Date) async throws -> IncidentPageModel? {
        guard let incident = try await store.incident(id: id) else { return nil }
        let keys = Dictionary(try await store.probes().compactMap { probe in probe.key.map { (probe.name, $0) } },
                              uniquingKeysWith: { first, _ in first })
        func look(_ verdict: ProbeVerdict) -> Look { Look(verdict: verdict, signature: .check(verdict, registeredKeys: keys)) }
        let latest = try await store.latestCheckpoint()
        let entries = try await store.ledgerEntries(incident: incident.id).map { entry in
            LedgerEntry(seq: entry.seq, type: entryType(entry.bytes), covered: latest.map { entry.seq < $0.size } ?? false)
        }
        var checkpoint: (size: Int, at: Date?)?
        if let latest { checkpoint = (latest.size, try await store.checkpointRecordedAt(size: latest.size)) }
        return IncidentPageModel(
            generatedAt: now, incident: incident, looks: incident.verifications.map(look),
            recoveries: incident.recoveries.map(look),
            deliveries: try await store.alertDeliveries(state: nil, incident: incident.id, limit: 200),
            acknowledgement: try await store.incidentAcknowledgement(id: incident.id),
            comments: try await store.incidentComments(incident: incident.id), ledger: entries, checkpoint: checkpoint)
    }

    /// The entry's `type` field ("incident.opened"); entries are our own JSON, so anything else is "unknown".
    static func entryType(_ bytes: [UInt8]) -> String {
        let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
        return object?["type"] as? String ?? "unknown"
    }

    /// Whether every entry of the incident is covered by the latest checkpoint (so its bundle proves all of them).
    var fullyCovered: Bool { !ledger.isEmpty && ledger.allSatisfy(\.covered) }
}
