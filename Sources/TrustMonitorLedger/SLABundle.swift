public import Foundation

/// A self-contained, offline-verifiable SLA report: the DSSE-signed report, the ledger entries it rests on
/// (its incidents' entries and the daily summaries it takes whole days from), an inclusion proof for each against
/// one signed checkpoint, and the public keys. The incident bundle's shape, for a period instead of an incident.
public struct SLABundle: BundleFile, Sendable, Equatable {
    public static let format = "trustmonitor.sla-bundle/v1"

    public var format: String
    /// The monitor's id.
    public var monitor: String
    public var report: DSSEEnvelope
    public var entries: [IncidentBundle.Entry]
    /// The signed checkpoint (signed-note text) the proofs lead to.
    public var checkpoint: String
    public var keys: IncidentBundle.Keys

    public init(monitor: String, report: DSSEEnvelope, entries: [IncidentBundle.Entry], checkpoint: String,
                keys: IncidentBundle.Keys) {
        self.format = Self.format
        self.monitor = monitor
        self.report = report
        self.entries = entries
        self.checkpoint = checkpoint
        self.keys = keys
    }
}
