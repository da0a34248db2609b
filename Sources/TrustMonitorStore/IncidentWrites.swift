import struct Foundation.Date
import TrustMonitorCore
import TrustMonitorLedger

/// What opening and resolving an incident writes, made once for every backend: the stored body, the
/// report and the ledger entries. Backends only add their own locking and SQL around it.
enum IncidentWrites {
    struct Opening {
        let incident: Incident
        let body: String
        let ledger: [LedgerEntryDraft]
    }

    struct Resolution {
        let incident: Incident
        let body: String
        /// The report's exact bytes as text (UTF-8 JSON), kept so bundles serve them, never a re-encoding.
        let report: String
        let ledger: [LedgerEntryDraft]
    }

    static func opening(_ incident: Incident) throws -> Opening {
        var opened = incident
        opened.state = .open
        opened.resolvedAt = nil
        return Opening(incident: opened, body: try StoreJSON.encode(opened), ledger: IncidentLedger.opened(opened))
    }

    static func resolution(of incident: Incident, at: Date, recoveries: [ProbeVerdict]) throws -> Resolution {
        var resolved = incident
        resolved.state = .resolved
        resolved.resolvedAt = at
        resolved.recoveries = recoveries
        let report = try IncidentReport.payload(resolved)
        return Resolution(
            incident: resolved, body: try StoreJSON.encode(resolved), report: String(decoding: report, as: UTF8.self),
            ledger: IncidentLedger.resolved(resolved, at: at) + [IncidentLedger.report(resolved, payload: report, at: at)])
    }
}
