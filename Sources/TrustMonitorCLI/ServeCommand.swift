import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TrustMonitorConfig

/// `trustmonitor serve`: everything in one process, on a SQLite file or PostgreSQL; with other replicas on the same
/// store, active or standing by (see `ActiveReplicaService`).
struct ServeCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the scheduler, the probes, the verdicts and the API from a config file.",
        discussion: "An invalid config is refused (exit 2) and nothing is changed. SIGHUP reloads the config; "
            + "SIGTERM or SIGINT stops gracefully."
    )

    @Option(name: .shortAndLong, help: "The YAML configuration.")
    var config = "trustmonitor.yaml"

    func execute(output: any CommandOutput) async -> ExitStatus {
        // Until the reloader listens, a SIGHUP must not end the process (its default action).
        signal(SIGHUP, SIG_IGN)
        let configuration: Configuration
        do {
            configuration = try Configuration.load(path: config, environment: ProcessInfo.processInfo.environment)
        } catch {
            output.err("\(error)")
            output.err("trustmonitor: not started: \(config) is invalid (see `trustmonitor validate \(config)`)")
            return .usage
        }
        var runtime = ServerRuntime(configuration: configuration, configPath: config, output: output)
        switch AdminBootstrap.secret(in: ProcessInfo.processInfo.environment) {
        case .failure(let problem):
            output.err("trustmonitor: not started: \(problem)")
            return .usage
        case .success(let secret): runtime.adminToken = secret
        }
        do {
            try await runtime.run()
            return .up
        } catch {
            output.err("trustmonitor: \(error)")
            return .down
        }
    }
}
