public import struct Foundation.Date
import TrustMonitorCore

/// The entries that fix when a monitor was degraded: the degraded time an SLA report states rests on them, and
/// a period cannot be shortened or removed after the fact without breaking the log.
public enum DegradationLedger {
    /// `kind` is `latency` or `error_rate`; `explanation` is what a person reads.
    public static func started(id: String, monitor: String, kind: String, explanation: String, at: Date)
        -> LedgerEntryDraft
    {
        LedgerEntryDraft(type: "degradation.started", ts: at, monitor: monitor, incident: nil, fields: [
            "degradation": .string(id), "kind": .string(kind), "explanation": .string(explanation),
        ])
    }

    public static func ended(id: String, monitor: String, kind: String, explanation: String, ending: String,
                             startedAt: Date, at: Date) -> LedgerEntryDraft
    {
        LedgerEntryDraft(type: "degradation.ended", ts: at, monitor: monitor, incident: nil, fields: [
            "degradation": .string(id), "kind": .string(kind), "explanation": .string(explanation),
            "ending": .string(ending), "started": .string(RFC3339.format(startedAt)),
        ])
    }
}
