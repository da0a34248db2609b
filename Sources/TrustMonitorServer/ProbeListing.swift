import Foundation
import TrustMonitorEngine
import TrustMonitorStore

/// One remote probe as `GET /api/v1/probes` lists it (and `POST /api/v1/probes` answers a new one): who it is,
/// whether it is online now, and its recent results on this replica.
struct ProbeListing: Encodable {
    let id: String, name: String, region: String, state: String, key: String?
    let lastHeartbeat: Date?, canaryFailure: String?, recentResults: Int, recentDown: Int, lastResult: Date?

    enum CodingKeys: String, CodingKey {
        case id, name, region, state, key
        case lastHeartbeat = "last_heartbeat", canaryFailure = "canary_failure", recentResults = "recent_results"
        case recentDown = "recent_down", lastResult = "last_result"
    }

    static func of(_ probe: ProbeRecord, remote: RemoteProbes) async -> ProbeListing {
        let online = await remote.isOnline(probe.id)
        let stats = await remote.stats(probeID: probe.id)
        return ProbeListing(
            id: probe.id, name: probe.name, region: probe.region,
            state: !online ? "offline" : (probe.impaired ? "impaired" : "online"), key: probe.key,
            lastHeartbeat: probe.lastHeartbeat, canaryFailure: probe.canaryFailure,
            recentResults: stats.results, recentDown: stats.down, lastResult: stats.last)
    }
}
