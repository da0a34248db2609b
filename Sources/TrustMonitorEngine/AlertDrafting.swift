import Foundation
public import TrustMonitorCore
import TrustMonitorStore

/// What the engine needs to word and route alerts beyond each monitor's own routes: maintenance windows (alerts
/// held) and the server's public address (links to evidence bundles). Replaced on a config reload.
public struct AlertSettings: Sendable {
    public var maintenance: [MaintenanceWindow]
    /// `server.public_url` without a trailing slash.
    public var publicURL: String?

    public init(maintenance: [MaintenanceWindow] = [], publicURL: String? = nil) {
        self.maintenance = maintenance
        self.publicURL = publicURL
    }

    /// One draft per channel, held when a maintenance window covers the monitor now.
    func drafts(_ message: AlertMessage, channels: [String], definition: MonitorDefinition, now: Date) -> [AlertDraft] {
        let held = MaintenanceWindow.holds(maintenance, monitor: definition.name, tags: definition.tags, at: now)
        var seen = Set<String>()
        return channels.filter { seen.insert($0).inserted }.map { AlertDraft(channel: $0, message: message, held: held) }
    }

    /// The message of an incident event: the same wording for every channel and every retry.
    func message(_ kind: AlertMessage.Kind, eventID: String, incident: Incident, at: Date) -> AlertMessage {
        AlertMessage(
            kind: kind, eventID: eventID, monitorID: incident.monitor, monitorName: incident.monitorName,
            endpoint: incident.endpoint, incidentID: incident.id, failure: incident.failure, openedAt: incident.openedAt,
            resolvedAt: incident.resolvedAt, at: at,
            confirmations: (kind == .resolved ? incident.recoveries : incident.verifications).map(Self.confirmation),
            bundleURL: publicURL.map { "\($0)/api/v1/incidents/\(incident.id)/bundle" })
    }

    /// "eu-1 (eu): down, http_5xx HTTP 503": who looked, and what they saw.
    static func confirmation(_ verdict: ProbeVerdict) -> String {
        let region = verdict.region.map { " (\($0))" } ?? ""
        let failure = verdict.observation.failure.map { ", \($0.code.rawValue) \($0.message)" } ?? ""
        return "\(verdict.probe)\(region): \(verdict.observation.verdict.rawValue)\(failure)"
    }
}
