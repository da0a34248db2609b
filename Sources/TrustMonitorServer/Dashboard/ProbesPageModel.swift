import Foundation
import TrustMonitorCore
import TrustMonitorStore

/// `/dashboard/probes`: the remote probes by region, each with its last heartbeat, its canary's health and whether
/// its signing key (and witness key) is registered.
struct ProbesPageModel {
    enum Health: String {
        /// Heard from within `offlineAfter`, canary fine.
        case healthy
        /// Its canary failed at the last heartbeat: its looks are not counted as votes.
        case impaired
        /// Not heard from within `offlineAfter`, or never.
        case offline
    }

    struct Probe {
        var record: ProbeRecord
        var health: Health
    }

    var generatedAt: Date
    var probes: [Probe]

    /// As the engine's `RemoteProbes` counts an agent gone (its default).
    static let offlineAfter: TimeInterval = 30

    var regions: [String] { Set(probes.map(\.record.region)).sorted() }

    static func load(store: any Store, now: Date) async throws -> ProbesPageModel {
        let probes = try await store.probes().map { record in
            let fresh = record.lastHeartbeat.map { now.timeIntervalSince($0) < offlineAfter } ?? false
            return Probe(record: record, health: !fresh ? .offline : record.impaired ? .impaired : .healthy)
        }
        return ProbesPageModel(generatedAt: now,
                               probes: probes.sorted { ($0.record.region, $0.record.name) < ($1.record.region, $1.record.name) })
    }
}
