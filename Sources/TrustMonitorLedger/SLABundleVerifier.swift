import Foundation
public import TrustMonitorCore

/// Checks an SLA bundle offline: the checkpoint and the report's signatures, every entry's inclusion, and that the
/// report's figures follow from the entries (see `SLABundleVerifier+Figures`). Says exactly what failed.
public enum SLABundleVerifier {
    public typealias Failure = IncidentBundleVerifier.Failure

    /// The report, and what held, one line per check, in order. Throws at the first check that fails.
    /// - Parameters:
    ///   - logKey: the log's vkey from a source the verifier trusts; nil takes the bundle's own, and the result says so.
    ///   - reportKey: the report key's vkey; nil takes the bundle's own, and the result says so.
    public static func verify(_ bundle: SLABundle, logKey: String?, reportKey: String?) throws(Failure)
        -> (report: SLAReport, passed: [String])
    {
        guard bundle.format == SLABundle.format else {
            throw Failure(check: "format", reason: "unknown bundle format '\(bundle.format)'")
        }
        let fromBundle = " (key taken from the bundle)"
        let (checkpoint, log) = try LedgerEvidence.checkpoint(bundle.checkpoint, logKey: logKey ?? bundle.keys.log)
        var passed = ["checkpoint: signed by \(log.keyLabel), size \(checkpoint.size)\(logKey == nil ? fromBundle : "")"]

        let key: NoteVerifierKey
        do { key = try NoteVerifierKey(vkey: reportKey ?? bundle.keys.report) } catch {
            throw Failure(check: "report key", reason: "\(error)")
        }
        let payload: [UInt8]
        do { payload = try bundle.report.verify(keys: [key], payloadType: DSSE.slaPayloadType) } catch {
            throw Failure(check: "report", reason: "DSSE signature does not verify with \(key.keyLabel): \(error)")
        }
        let report: SLAReport
        do { report = try JSONCoding.decoder().decode(SLAReport.self, from: Data(payload)) } catch {
            throw Failure(check: "report", reason: "the signed payload is not an SLA report: \(error)")
        }
        guard report.format == SLAReport.format, report.monitor.id == bundle.monitor else {
            throw Failure(check: "report", reason: "the signed report is not a \(SLAReport.format) report of monitor "
                          + "\(bundle.monitor)")
        }
        passed.append("report: DSSE-signed by \(key.keyLabel)\(reportKey == nil ? fromBundle : ""), "
                      + "SHA-256 \(IncidentReport.digest(payload))")

        var entries: [Int: IncidentBundle.Entry] = [:]
        var fields: [Int: [String: Any]] = [:]
        for item in bundle.entries {
            fields[item.seq] = try LedgerEvidence.included(item, in: checkpoint)
            entries[item.seq] = item
        }
        passed.append("entries: all \(bundle.entries.count) included in checkpoint \(checkpoint.size)")
        let evidence = Evidence(report: report, entries: entries, fields: fields)
        passed += try evidence.checkIncidents()
        passed += try evidence.checkDays()
        passed += try evidence.checkFigures()
        return (report, passed)
    }
}
