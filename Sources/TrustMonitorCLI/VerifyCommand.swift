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
        subcommands: [VerifyBundleCommand.self, VerifyLedgerCommand.self, VerifyReportCommand.self]
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

    @OptionGroup var witnesses: WitnessPolicyOptions

    func execute(output: any CommandOutput) async -> ExitStatus {
        let bundle: IncidentBundle
        do {
            bundle = try IncidentBundle(json: try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            output.err("error: cannot read a bundle from \(file): \(error)")
            return .usage
        }
        do {
            for line in try IncidentBundleVerifier.verify(bundle, logKey: logKey, reportKey: reportKey,
                                                          witnesses: witnesses.witness, witnessQuorum: witnesses.quorum) {
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


/// "The log key plus K of these N witnesses": the policy a verifier that does not trust the log alone sets.
struct WitnessPolicyOptions: ParsableArguments {
    @Option(help: "A witness's vkey (cosignature/v1) you trust; repeatable.")
    var witness: [String] = []

    @Option(name: .customLong("witness-quorum"), help: "How many of the --witness keys must have cosigned (default: all).")
    var witnessQuorum: Int?

    var quorum: Int { witnessQuorum ?? witness.count }

    mutating func validate() throws {
        guard (0...witness.count).contains(quorum) else {
            throw ValidationError("--witness-quorum must be 0 to the number of --witness keys (\(witness.count))")
        }
    }
}
