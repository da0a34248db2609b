public import Foundation
public import TrustMonitorCore
public import TrustMonitorLedger
public import TrustMonitorStore

/// Makes a monitor's SLA report and its verifiable bundle, and the daily summaries the report takes whole days from.
///
/// A whole UTC day the ledger has a summary of takes the summary's figures (unless maintenance is counted, which
/// summaries do not do): once logged, a day's figures cannot change, whatever is changed in the store later (a
/// monitor's interval, a window added after the fact). Other days are computed from the store with the same code.
public struct SLAReportMaker: Sendable {
    let sources: SLASources

    public init(sources: SLASources) {
        self.sources = sources
    }

    /// The report, and the ledger entries it rests on (its incidents' and the summaries it takes days from).
    public func report(monitor: MonitorRecord, period: SLAPeriodRequest.Resolved, includeMaintenance: Bool, now: Date)
        async throws -> (report: SLAReport, entries: [StoredLedgerEntry])
    {
        let range = period.range, generated = UTCSeconds.of(now)
        let (history, incidents, degradations) = try await sources.history(of: monitor, span: range, now: generated)
        let summaries = includeMaintenance ? [:] : try await summaries(of: monitor, in: range)
        var days: [SLADay] = [], entries: [StoredLedgerEntry] = [], notes: [String] = []
        // Days before the monitor's creation day hold nothing: a period from year 1 costs no more than one from then.
        let first = min(max(range.lowerBound, UTCSeconds.floor(history.createdAt, UTCSeconds.day)), range.upperBound)
        for part in UTCSeconds.days(in: first..<range.upperBound) {
            let computed = SLADay.compute(span: part, history: history, includeMaintenance: includeMaintenance)
            if part.count == UTCSeconds.day, let summary = summaries[computed.day],
               let logged = SLALedger.day(entry: summary.entry.bytes, seq: summary.entry.seq, monitor: monitor.id) {
                var live = computed
                live.summarySeq = logged.summarySeq
                if live != logged {
                    notes.append("\(logged.day): the store's history now gives other figures than the ledger's daily "
                                 + "summary (entry \(summary.entry.seq)); the summary's are used.")
                }
                days.append(logged)
                entries.append(summary.entry)
            } else if computed.monitoredSeconds > 0 {
                days.append(computed)
            }
        }
        var listed: [SLAReport.Incident] = []
        for incident in incidents {
            let own = try await sources.store.ledgerEntries(incident: incident.id)
            entries += own
            listed.append(SLAReport.Incident(
                id: incident.id, openedAt: incident.openedAt, resolvedAt: incident.resolvedAt,
                secondsInPeriod: Int64(SLASources.span(incident.openedAt, incident.resolvedAt, now: generated)
                    .clamped(to: range).count),
                failure: .init(code: incident.failure.code.rawValue, message: incident.failure.message),
                ledgerSeqs: own.map(\.seq)))
        }
        let scope = min(max(range.lowerBound, history.createdAt), range.upperBound)..<range.upperBound
        notes = Self.notes(monitor: monitor, period: period, includeMaintenance: includeMaintenance, days: days,
                           now: generated) + notes
        let report = SLAReport(
            monitor: .init(id: monitor.id, name: monitor.name, endpoint: monitor.endpoint, intervalMs: monitor.intervalMs,
                           createdAt: monitor.createdAt),
            period: .init(from: UTCSeconds.date(range.lowerBound), to: UTCSeconds.date(range.upperBound),
                          requestedTo: period.requestedTo.map(UTCSeconds.date)),
            includeMaintenance: includeMaintenance, generatedAt: UTCSeconds.date(generated), days: days, incidents: listed,
            maintenance: history.maintenance.clamped(to: scope), degraded: history.degraded.clamped(to: scope),
            degradations: degradations.map {
                .init(id: $0.id, kind: $0.kind.rawValue, startedAt: $0.startedAt, endedAt: $0.endedAt,
                      explanation: $0.explanation, ending: $0.ending)
            },
            notes: notes)
        return (report, entries.sorted { $0.seq < $1.seq })
    }

    /// The report as a bundle: signed with the report key, its entries proved against one checkpoint; and the
    /// report itself, for a page that shows it.
    public func bundle(monitor: MonitorRecord, period: SLAPeriodRequest.Resolved, includeMaintenance: Bool, now: Date,
                       checkpoints: CheckpointPublisher, reportSigner: NoteSigner) async throws
        -> (bundle: SLABundle, report: SLAReport)
    {
        let (report, entries) = try await report(monitor: monitor, period: period, includeMaintenance: includeMaintenance,
                                                 now: now)
        let payload = Array(try JSONCoding.encoder().encode(report))
        let envelope = try DSSEEnvelope.sign(payload: payload, payloadType: DSSE.slaPayloadType, signer: reportSigner)
        let (checkpoint, proved) = try await checkpoints.proofs(for: entries)
        let bundle = SLABundle(monitor: monitor.id, report: envelope, entries: proved, checkpoint: checkpoint.serialized,
                               keys: .init(log: checkpoints.signer.verifierKey.vkey, report: reportSigner.verifierKey.vkey))
        return (bundle, report)
    }

    /// The `summary.daily` entries of `monitor` for the whole UTC days starting at `days`, at `now`.
    public func dailySummaries(monitor: MonitorRecord, days: [Int64], now: Date) async throws -> [DailySummaryDraft] {
        guard let first = days.min(), let last = days.max() else { return [] }
        let (history, _, _) = try await sources.history(of: monitor, span: first..<(last + UTCSeconds.day),
                                                     now: UTCSeconds.of(now))
        return days.map { start in
            let day = SLADay.compute(span: start..<(start + UTCSeconds.day), history: history, includeMaintenance: false)
            return DailySummaryDraft(monitor: monitor.id, day: day.day,
                                     entry: SLALedger.daily(monitor: monitor.id, day, intervalMs: monitor.intervalMs, at: now))
        }
    }

    private func summaries(of monitor: MonitorRecord, in range: Range<Int64>) async throws -> [String: DailySummaryRecord] {
        let records = try await sources.store.dailySummaries(
            monitor: monitor.id, from: UTCSeconds.dayText(range.lowerBound), through: UTCSeconds.dayText(range.upperBound - 1))
        return Dictionary(records.map { ($0.day, $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func notes(monitor: MonitorRecord, period: SLAPeriodRequest.Resolved, includeMaintenance: Bool,
                      days: [SLADay], now: Int64) -> [String] {
        var notes: [String] = []
        if let requested = period.requestedTo {
            notes.append("The period asked for ends at \(RFC3339.format(UTCSeconds.date(requested))), after this report "
                         + "was made: it covers up to \(RFC3339.format(UTCSeconds.date(now))).")
        }
        if UTCSeconds.of(monitor.createdAt) > period.range.lowerBound {
            notes.append("The monitor was created at \(RFC3339.format(monitor.createdAt)): earlier time in the period is "
                         + "out of scope (before_creation_seconds).")
        }
        if includeMaintenance {
            notes.append("Maintenance time is counted like any other time (include_maintenance).")
        }
        let summarized = days.filter { $0.summarySeq != nil }.count
        notes.append("\(summarized) of \(days.count) days take their figures from the ledger's daily summaries; the "
                     + "others are computed from the store.")
        return notes
    }
}
