import ArgumentParser
import Foundation
import TrustMonitorLedger
import TrustMonitorServer
import TrustMonitorStore

/// `trustmonitor verify ...`: offline checks of what the server published.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify ledger artefacts offline.",
        subcommands: [VerifyBundleCommand.self, VerifyLedgerCommand.self]
    )
}

/// `trustmonitor verify bundle FILE --log-key VKEY`: exit 0 only when every check holds.
struct VerifyBundleCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Check an incident bundle (GET /api/v1/incidents/{id}/bundle) offline.",
        discussion: "Exit status: 0 when every check holds, 1 when one fails (it is named), 2 for unusable input."
    )

    @Argument(help: "The bundle file (JSON).")
    var file: String

    @Option(help: "The log's public key (vkey), from a source you trust: `trustmonitor keys show` on the server.")
    var logKey: String

    @Option(help: "The report key's vkey; without it the bundle's own is used, and the output says so.")
    var reportKey: String?

    func execute(output: any CommandOutput) async -> ExitStatus {
        let bundle: IncidentBundle
        do {
            bundle = try IncidentBundle(json: try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            output.err("error: cannot read a bundle from \(file): \(error)")
            return .usage
        }
        do {
            for line in try IncidentBundleVerifier.verify(bundle, logKey: logKey, reportKey: reportKey) {
                output.out("ok    \(line)")
            }
            output.out("VERIFIED  incident \(bundle.incident)")
            return .up
        } catch {
            output.out("FAIL  \(error)")
            return .down
        }
    }
}

/// `trustmonitor verify ledger --data DIR`: audits the server's whole stored log offline.
struct VerifyLedgerCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Audit a data dir's ledger: every entry against every signed checkpoint.",
        discussion: "Exit status: 0 when everything holds, 1 when anything was modified, deleted, inserted or "
            + "reordered (each named), 2 for unusable input."
    )

    @Option(help: "The server's data dir (holds trustmonitor.db and log.skey).")
    var data = "./data"

    @Option(help: "The log's vkey; default: the public half of the data dir's log key.")
    var logKey: String?

    @Option(help: "The SQLite file, when not <data>/trustmonitor.db.")
    var database: String?

    func execute(output: any CommandOutput) async -> ExitStatus {
        let path = database ?? data + "/trustmonitor.db"
        guard FileManager.default.fileExists(atPath: path) else {
            output.err("error: no database at \(path)")
            return .usage
        }
        do {
            let key = try logKey.map { try NoteVerifierKey(vkey: $0) } ?? LedgerKeys.load(dataDir: data).log.verifierKey
            let store = try await SQLiteStore.open(path: path)
            let report: LedgerAudit.Report
            do {
                report = try await LedgerAudit.audit(store: store, logKey: key)
                try await store.close()
            } catch {
                try? await store.close()
                throw error
            }
            for line in report.passed { output.out("ok    \(line)") }
            for line in report.problems { output.out("FAIL  \(line)") }
            output.out(report.isClean ? "VERIFIED  ledger in \(path)" : "\(report.problems.count) problem(s) in \(path)")
            return report.isClean ? .up : .down
        } catch {
            output.err("error: \(error)")
            return .usage
        }
    }
}
