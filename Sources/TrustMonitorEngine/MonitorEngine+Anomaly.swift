import Foundation
import TrustMonitorCore
import TrustMonitorStore

/// Latency and error-rate anomalies: the detectors learn from scheduled checks, and the stored degradation periods
/// follow what they say. Degraded is never downtime and never opens an incident: it is a period with an explanation,
/// shown where the monitor's state is shown, alerted only to the channels `anomaly.alerts` names.
extension MonitorEngine {
    /// Teaches the monitor's detectors one scheduled check: every check counts toward the error rate, a successful
    /// one's phases toward the latency baselines of its region (a failed check's timings say nothing about speed).
    func learn(from observation: Observation, job: CheckJob, region: String, slot: inout Slot) {
        guard job.role == .primary, slot.definition.anomaly.enabled else { return }
        let at = observation.startedAt.epochMilliseconds
        slot.anomalies.recordCheck(at: at)
        guard observation.verdict == .up else { return }
        let phases = observation.attempts.last?.phases ?? observation.phases
        slot.anomalies.recordLatency(phases, region: region, at: at, policy: slot.definition.anomaly.policy)
    }

    /// Feeds the monitor's stored recent scheduled checks to its detectors before its first live one, so a restart
    /// or a replica taking over does not start every baseline cold (30 checks: half an hour at a 1-minute interval).
    /// One read per monitor, spread over the first interval as checks come in. Best effort: a failed read leaves
    /// the detectors to learn live, as they would anyway.
    func warmAnomalies(monitorID: String) async {
        guard var slot = slots[monitorID], !slot.anomaliesWarmed, slot.definition.anomaly.enabled else { return }
        slot.anomaliesWarmed = true
        slots[monitorID] = slot
        guard let history = try? await store.observations(monitor: monitorID, since: nil, limit: Self.warmChecks),
              !history.isEmpty else { return }
        if history.contains(where: { probeRegions[$0.probe] == nil }),
           let probes = try? await store.probes() {
            for probe in probes { probeRegions[probe.name] = probe.region }
        }
        probeRegions[local.name] = local.region
        guard var current = slots[monitorID] else { return }
        let policy = current.definition.anomaly.policy
        for record in history.reversed() where record.role == .primary {
            let at = record.observation.startedAt.epochMilliseconds
            current.anomalies.recordCheck(at: at)
            guard record.observation.verdict == .up, let region = probeRegions[record.probe] else { continue }
            let phases = record.observation.attempts.last?.phases ?? record.observation.phases
            current.anomalies.recordLatency(phases, region: region, at: at, policy: policy)
        }
        slots[monitorID] = current
    }

    /// As many as a baseline's window holds (180), and a few more.
    static let warmChecks = 200

    /// Opens or ends the monitor's degradation periods to match its detectors, and its state: only an up monitor is
    /// degraded (down is already worse; a suspect one waits for its verdict, so a blip ends nothing).
    func reconcileDegradations(monitorID: String) async throws {
        guard var slot = slots[monitorID] else { return }
        let now = Date()
        let nowMs = now.epochMilliseconds
        let definition = slot.definition
        let blocked: String? = if slot.openIncidentID != nil || slot.lifecycle.state == .down {
            "an incident opened"
        } else if slot.lifecycle.state == .paused {
            "the monitor was paused"
        } else if !definition.anomaly.enabled {
            "anomaly detection was turned off"
        } else {
            nil
        }
        guard blocked != nil || slot.lifecycle.state != .suspect else { return }
        let latency = blocked == nil ? slot.anomalies.latency(now: nowMs) : nil
        let errorRate = blocked == nil ? slot.anomalies.errorRate() : nil
        var endings = (explanation: RegionalAnomaly?.none, shifts: [BaselineShift](), lastSlowAt: Int64?.none)
        if latency == nil { endings = slot.anomalies.takeEndings(regionCount: slot.anomalies.regionCount(now: nowMs)) }
        slots[monitorID] = slot

        for kind in DegradationKind.allCases {
            let current: String? = switch kind {
            case .latency: latency?.description
            case .errorRate: errorRate?.description
            }
            if let current, slot.degradations[kind] == nil {
                let id = DegradationRecord.makeID()
                // A slowdown began at its first slow check (the explanation's "for 5 minutes" counts from there),
                // not when it had lasted long enough to be called one; an error rate is judged over the last hour.
                let startedAt = kind == .latency
                    ? latency.map { Date(epochMilliseconds: min($0.worst.since, nowMs)) } ?? now : now
                let record = try await store.openDegradation(
                    DegradationRecord(id: id, monitor: monitorID, kind: kind, startedAt: startedAt, explanation: current),
                    alerts: degradationAlerts(.degraded, id: id, explanation: current, definition: definition, at: now))
                slot.degradations[kind] = (record.id, record.explanation)
            } else if current == nil, let open = slot.degradations[kind] {
                let shift = kind == .latency ? endings.shifts.max { $0.factor < $1.factor } : nil
                let ending = blocked ?? shift.map { "the new normal: \($0)" } ?? (slot.anomalies.hasLearned
                    ? "back to usual" : "not judged after a restart (the baseline is being learned again)")
                let explanation = (kind == .latency ? endings.explanation?.description : nil) ?? open.explanation
                // Back to usual: over at the last slow check, not when the quiet spell proved it (see `takeEndings`).
                let endedAt = blocked == nil && shift == nil && kind == .latency
                    ? endings.lastSlowAt.map(Date.init(epochMilliseconds:)) ?? now : now
                try await store.endDegradation(
                    id: open.id, at: endedAt, explanation: explanation, ending: ending,
                    alerts: degradationAlerts(.degradationEnded, id: open.id, explanation: "\(explanation); \(ending)",
                                              definition: definition, at: now))
                slot.degradations[kind] = nil
            }
            if var latest = slots[monitorID] {
                latest.degradations[kind] = slot.degradations[kind]
                slots[monitorID] = latest
            }
        }
    }

    /// One alert per `anomaly.alerts` channel, held in maintenance like every alert.
    private func degradationAlerts(_ kind: AlertMessage.Kind, id: String, explanation: String,
                                   definition: MonitorDefinition, at: Date) -> [AlertDraft] {
        guard !definition.anomaly.alerts.isEmpty else { return [] }
        let eventID = "\(id):\(kind == .degraded ? "degraded" : "ended")"
        let message = AlertMessage(kind: kind, eventID: eventID, monitorID: definition.id, monitorName: definition.name,
                                   endpoint: definition.request.target.description, at: at, degradationID: id,
                                   explanation: explanation)
        return alertSettings.drafts(message, channels: definition.anomaly.alerts, definition: definition, now: at)
    }
}
