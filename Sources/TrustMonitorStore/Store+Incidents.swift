public import struct Foundation.Date
public import TrustMonitorCore

extension Store {
    /// Opens an incident that announces nothing (see `openIncident(_:alerts:)`).
    public func openIncident(_ incident: Incident) async throws -> Incident {
        try await openIncident(incident, alerts: [])
    }

    /// Resolves an incident without alerts (see `resolveIncident(id:at:recoveries:alerts:)`).
    public func resolveIncident(id: String, at: Date, recoveries: [ProbeVerdict]) async throws {
        try await resolveIncident(id: id, at: at, recoveries: recoveries, alerts: [])
    }
}
