public import Foundation
public import TrustMonitorCore

extension DSSE {
    /// The payload type of a TrustMonitor SLA report.
    public static let slaPayloadType = "application/vnd.trustmonitor.sla+json"
}

/// The daily summary entry (`summary.daily`): one monitor's figures for one whole UTC day, appended once after the
/// day ended. A report takes whole days from these, so a day's figures cannot change once the ledger holds them,
/// and a verifier adds them up to check the report's.
public enum SLALedger {
    public static let dailyType = "summary.daily"

    public static func daily(monitor: String, _ day: SLADay, intervalMs: Int64, at: Date) -> LedgerEntryDraft {
        LedgerEntryDraft(type: dailyType, ts: at, monitor: monitor, incident: nil, fields: [
            "day": .string(day.day), "checks_due": .int(Int(day.checksDue)), "checks_run": .int(Int(day.checksRun)),
            "down_seconds": .int(Int(day.downSeconds)), "degraded_seconds": .int(Int(day.degradedSeconds)),
            "maintenance_seconds": .int(Int(day.maintenanceSeconds)),
            "unobserved_seconds": .int(Int(day.unobservedSeconds)),
            "monitored_seconds": .int(Int(day.monitoredSeconds)), "interval_ms": .int(Int(intervalMs)),
            "incidents": .array(day.incidents.map(LedgerValue.string)),
        ])
    }

    /// The day a summary entry states, as a report row taken from it (`summary_seq` set); nil when the bytes are
    /// not a well-formed summary of `monitor`.
    public static func day(entry bytes: [UInt8], seq: Int, monitor: String) -> SLADay? {
        guard let fields = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any],
              fields["type"] as? String == dailyType, fields["monitor"] as? String == monitor,
              let text = fields["day"] as? String, let start = UTCSeconds.dayStart(text)
        else { return nil }
        func number(_ key: String) -> Int64? { (fields[key] as? NSNumber).map { $0.int64Value } }
        guard let due = number("checks_due"), let run = number("checks_run"), let down = number("down_seconds"),
              let degraded = number("degraded_seconds"), let maintenance = number("maintenance_seconds"),
              let unobserved = number("unobserved_seconds"), let monitored = number("monitored_seconds"),
              let incidents = fields["incidents"] as? [String]
        else { return nil }
        return SLADay(day: text, from: UTCSeconds.date(start), to: UTCSeconds.date(start + UTCSeconds.day),
                      monitoredSeconds: monitored, maintenanceSeconds: maintenance, downSeconds: down,
                      degradedSeconds: degraded, unobservedSeconds: unobserved, checksDue: due, checksRun: run,
                      incidents: incidents, summarySeq: seq)
    }
}
