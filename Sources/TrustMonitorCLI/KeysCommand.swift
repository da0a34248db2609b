import ArgumentParser
import TrustMonitorServer

/// `trustmonitor keys show`: the public keys a verifier needs, as C2SP vkey strings.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "The server's ledger keys.",
        subcommands: [KeysShowCommand.self]
    )
}

struct KeysShowCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the log and report public keys (vkeys) of a data dir; never creates keys."
    )

    @Option(help: "The server's data dir (server.data_dir in the config).")
    var dataDir = "./data"

    func execute(output: any CommandOutput) async -> ExitStatus {
        do {
            let keys = try LedgerKeys.load(dataDir: dataDir)
            output.out("log     \(keys.log.verifierKey.vkey)")
            output.out("report  \(keys.report.verifierKey.vkey)")
            return .up
        } catch {
            output.err("error: \(error)")
            return .usage
        }
    }
}
