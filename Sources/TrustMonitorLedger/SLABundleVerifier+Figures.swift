import Foundation
import TrustMonitorCore

extension SLABundleVerifier {
    /// A verified report and the included entries it rests on: what its figures are checked against.
    struct Evidence {
        let report: SLAReport
        let entries: [Int: IncidentBundle.Entry]
        let fields: [Int: [String: Any]]

        var period: Range<Int64> { SLAReport.range(report.period) }

        /// Each incident's times are its ledger entries' (opened, and resolved unless still open), and its seconds in
        /// the period follow from them.
        func checkIncidents() throws(Failure) -> [String] {
            for incident in report.incidents {
                let fail = { (reason: String) in Failure(check: "incident \(incident.id)", reason: reason) }
                let own = incident.ledgerSeqs.compactMap { seq in fields[seq].map { (seq, $0) } }
                guard own.count == incident.ledgerSeqs.count else { throw fail("an entry it names is not in the bundle") }
                guard own.allSatisfy({ $0.1["incident"] as? String == incident.id }) else {
                    throw fail("an entry it names is about another incident")
                }
                guard ledgerTime(own, "incident.opened") == RFC3339.format(incident.openedAt) else {
                    throw fail("opened_at is not the time its incident.opened entry holds")
                }
                guard ledgerTime(own, "incident.resolved") == incident.resolvedAt.map(RFC3339.format) else {
                    throw fail("resolved_at is not the time its incident.resolved entry holds (or its absence)")
                }
                guard incident.secondsInPeriod == span(incident).clamped(to: period).count else {
                    throw fail("seconds_in_period \(incident.secondsInPeriod) does not follow from its entries "
                               + "(\(span(incident).clamped(to: period).count))")
                }
            }
            return ["incidents: \(report.incidents.count), times and seconds in the period follow from their entries"]
        }

        /// Days are whole UTC days or their part inside the period, in order; a day taken from a daily summary has the
        /// summary's figures, and any other day's downtime and maintenance follow from the incidents' entries and the
        /// listed maintenance windows.
        func checkDays() throws(Failure) -> [String] {
            let known = Set(report.incidents.map(\.id))
            let maintenance = SecondSpans(report.maintenance.map(\.range))
            let incidents = SecondSpans(report.incidents.map(span))
            var previousEnd = period.lowerBound, summarized = 0
            for day in report.days {
                let fail = { (reason: String) in Failure(check: "day \(day.day)", reason: reason) }
                let lower = UTCSeconds.of(day.from)
                let range = lower..<max(lower, UTCSeconds.of(day.to))
                guard range.lowerBound >= previousEnd, range.upperBound <= period.upperBound, !range.isEmpty,
                      UTCSeconds.floor(range.lowerBound, UTCSeconds.day) == UTCSeconds.floor(range.upperBound - 1, UTCSeconds.day),
                      UTCSeconds.dayText(range.lowerBound) == day.day
                else { throw fail("is not a part of one UTC day inside the period, after the day before") }
                previousEnd = range.upperBound
                guard Set(day.incidents).isSubset(of: known) else { throw fail("names an incident the report does not list") }
                if let seq = day.summarySeq {
                    guard let item = entries[seq],
                          let summary = SLALedger.day(entry: Array(item.entry.utf8), seq: seq, monitor: report.monitor.id)
                    else { throw fail("its daily summary (entry \(seq)) is not in the bundle, or not this monitor's") }
                    guard summary == day else { throw fail("its figures are not those of its daily summary (entry \(seq))") }
                    summarized += 1
                    continue
                }
                let start = min(max(range.lowerBound, UTCSeconds.of(report.monitor.createdAt)), range.upperBound)
                let monitored = SecondSpans([start..<range.upperBound])
                let inMaintenance = maintenance.intersection(monitored)
                let counted = report.includeMaintenance ? monitored : monitored.subtracting(inMaintenance)
                guard day.monitoredSeconds == monitored.seconds, day.maintenanceSeconds == inMaintenance.seconds else {
                    throw fail("monitored or maintenance seconds do not follow from the period and the listed windows")
                }
                guard day.downSeconds == incidents.intersection(counted).seconds else {
                    throw fail("down_seconds \(day.downSeconds) does not follow from the incidents' entries "
                               + "(\(incidents.intersection(counted).seconds))")
                }
            }
            return ["days: \(report.days.count) (\(summarized) from daily summaries in the ledger); downtime of the "
                    + "others follows from the incidents' entries"]
        }

        /// The headline figures are the days' sums, and the percentages follow from them.
        func checkFigures() throws(Failure) -> [String] {
            let recomputed = SLAFigures(days: report.days, period: period, createdAt: UTCSeconds.of(report.monitor.createdAt),
                                        includeMaintenance: report.includeMaintenance)
            guard recomputed == report.figures else {
                throw Failure(check: "figures", reason: "do not follow from the days: recomputed \(recomputed)")
            }
            guard report.figures.monitoredSeconds == report.figures.periodSeconds &- report.figures.beforeCreationSeconds else {
                throw Failure(check: "figures", reason: "the days do not cover the period the monitor existed in")
            }
            return ["figures: the sums of the days; the percentages follow from them"]
        }

        /// The incident's span from its entries: opened to resolved, or to the report's time while open.
        func span(_ incident: SLAReport.Incident) -> Range<Int64> {
            let from = UTCSeconds.of(incident.openedAt)
            return from..<max(from, UTCSeconds.of(incident.resolvedAt ?? report.generatedAt))
        }

        private func ledgerTime(_ entries: [(Int, [String: Any])], _ type: String) -> String? {
            entries.first { $0.1["type"] as? String == type }?.1["ts"] as? String
        }
    }
}
