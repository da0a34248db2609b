import Foundation
import TrustMonitorCore

/// A confirmed outage as plain values: a 503 seen by a scheduled check, confirmed twice.
enum IncidentFixtures {
    static let endpoint = "http://a.test/"

    static func failedLook(at time: Date) -> ProbeVerdict {
        let attempt = Attempt(number: 1, startedAt: time, url: endpoint, status: 503, failure: Failure(.http5xx, "HTTP 503"))
        let observation = Observation(target: endpoint, method: "GET", startedAt: time, finishedAt: time,
                                      attempts: [attempt], retryStop: nil)
        return ProbeVerdict(probe: "local", role: .primary, independence: "scheduled check", observation: observation)
    }

    static func incident(id: String, monitor: String, at time: Date) -> Incident {
        let look = failedLook(at: time)
        return Incident(id: id, monitor: monitor, monitorName: "api", endpoint: endpoint, openedAt: time,
                        failure: Failure(.http5xx, "HTTP 503"), verifications: [look, look])
    }
}
