import Foundation
import TrustMonitorCore
import TrustMonitorStore

/// The alerts the engine's decisions draft: written to the outbox in the same transaction as the incident event
/// they announce, so an alert exists exactly when its event does (never for a suppressed episode).
extension MonitorEngine {
    /// Resolves the incident with its recovery alert (worded from the incident as it was open).
    func resolve(_ id: String, at: Date, recoveries: [ProbeVerdict], definition: MonitorDefinition) async throws {
        var drafts: [AlertDraft] = []
        if var incident = try await store.incident(id: id), incident.state == .open {
            incident.state = .resolved
            incident.resolvedAt = at
            incident.recoveries = recoveries
            let message = alertSettings.message(.resolved, eventID: "\(id):resolved", incident: incident, at: at)
            drafts = alertSettings.drafts(message, channels: definition.alertRoutes.map(\.channel),
                                          definition: definition, now: Date())
        }
        try await store.resolveIncident(id: id, at: at, recoveries: recoveries, alerts: drafts)
    }

    /// A certificate inside its monitor's warning window: one alert per certificate, to the monitor's channels.
    func warnOfCertificate(_ observation: Observation, definition: MonitorDefinition) async throws {
        guard let certificate = observation.certificate, !definition.alertRoutes.isEmpty,
              certificateWarned[definition.id] != certificate.notAfter,
              AlertPlanner.certificateWarningDue(notAfter: certificate.notAfter,
                                                 warning: definition.certificateExpiryWarning, now: Date())
        else { return }
        let message = AlertMessage(
            kind: .certificateExpiring,
            eventID: AlertPlanner.certificateEventID(monitorID: definition.id, notAfter: certificate.notAfter),
            monitorID: definition.id, monitorName: definition.name, endpoint: definition.request.target.description,
            at: Date(), confirmations: ["\(certificate.subject), issued by \(certificate.issuer)"],
            certificateExpiresAt: certificate.notAfter)
        _ = try await store.enqueueAlerts(alertSettings.drafts(
            message, channels: definition.alertRoutes.map(\.channel), definition: definition, now: Date()), now: Date())
        certificateWarned[definition.id] = certificate.notAfter
    }

    /// Reminders and escalations due now for every open incident of a monitor this engine runs.
    func planOpenIncidents(now: Date) async throws {
        for incident in try await store.incidents(state: .open, monitor: nil, limit: 10_000) {
            guard let definition = definition(incident.monitor), !definition.alertRoutes.isEmpty else { continue }
            let acknowledged = try await store.incidentAcknowledgement(id: incident.id) != nil
            let due = AlertPlanner.due(incidentID: incident.id, openedAt: incident.openedAt, acknowledged: acknowledged,
                                       routes: definition.alertRoutes, now: now)
            guard !due.isEmpty else { continue }
            let drafts = due.flatMap { alert in
                alertSettings.drafts(alertSettings.message(alert.kind, eventID: alert.eventID, incident: incident, at: now),
                                     channels: [alert.channel], definition: definition, now: now)
            }
            _ = try await store.enqueueAlerts(drafts, now: now)
        }
    }
}
