import ArgumentParser
import Foundation
import TrustMonitorCore
import TrustMonitorLedger
import TrustMonitorServer

/// `trustmonitor verify report FILE`: checks an SLA report bundle offline; exit 0 only when every check holds.
struct VerifyReportCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Check an SLA report (trustmonitor report sla --format json, or GET /api/v1/monitors/{id}/sla) offline.",
        discussion: """
            Checks the report's DSSE signature, the checkpoint's signature, every entry's inclusion proof, and that the
            figures follow from the entries (incident times, daily summaries, the days' sums).
            Exit status: 0 when every check holds, 1 when one fails (it is named), 2 for unusable input.
            """
    )

    @Argument(help: "The report file (JSON).")
    var file: String

    @Option(help: "The log's public key (vkey) from a source you trust (trustmonitor keys show); without it the report's own is used, and the output says so.")
    var logKey: String?

    @Option(help: "The report key's vkey; without it the report's own is used, and the output says so.")
    var reportKey: String?

    func execute(output: any CommandOutput) async -> ExitStatus {
        let bundle: SLABundle
        do {
            bundle = try SLABundle(json: try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            output.err("error: cannot read an SLA report from \(file): \(error)")
            return .usage
        }
        do {
            let (report, passed) = try SLABundleVerifier.verify(bundle, logKey: logKey, reportKey: reportKey)
            for line in passed { output.out("ok    \(line)") }
            let figures = report.figures
            output.out("VERIFIED  SLA report of \(report.monitor.name), \(RFC3339.format(report.period.from)) to "
                       + "\(RFC3339.format(report.period.to)): uptime \(Self.percent(figures.uptimePercent)) (strict "
                       + "\(Self.percent(figures.strictUptimePercent))), downtime \(figures.downtimeSeconds) s, "
                       + "coverage \(Self.percent(figures.coveragePercent))")
            return .up
        } catch {
            output.out("FAIL  \(error)")
            return .down
        }
    }

    /// As the report's page shows it: three decimals, rounded down (99.9996% is not "100.000%").
    static func percent(_ value: Double?) -> String { SLAReportHTML.percent(value) }
}
