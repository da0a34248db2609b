import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import TrustMonitorAgent

/// `trustmonitor agent`: a remote probe that runs the server's checks from another region.
struct AgentCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run checks for a TrustMonitor server from another region, signing every result.",
        discussion: "The agent's Ed25519 key is created in the data dir on first start (agent.skey, mode 0600) "
            + "and registered with the server; keep the directory. SIGTERM or SIGINT stops gracefully. "
            + "Exit 0 after a stop, 1 when the server refuses the agent, 2 for bad input."
    )

    static let tokenVariable = "TRUSTMONITOR_AGENT_TOKEN"

    @Option(help: "The server's base URL, e.g. https://monitor.example.com.")
    var server: String

    @Option(help: ArgumentHelp("The agent token the server issued; prefer the TRUSTMONITOR_AGENT_TOKEN "
        + "environment variable, since arguments show in `ps`."))
    var token: String?

    @Option(help: "The region this agent runs in; must match the region the token was issued for.")
    var region: String

    @Option(name: .customLong("data-dir"), help: "Where the agent keeps its key.")
    var dataDir = "./agent-data"

    @Option(help: "A known-good URL checked before every heartbeat (default: the server's /healthz).")
    var canary: String?

    @Option(help: "Checks in flight at once.")
    var concurrency = 64

    /// The flag wins over the environment; neither gives an empty token, refused by the configuration.
    static func token(flag: String?, environment: [String: String]) -> String {
        flag ?? environment[tokenVariable] ?? ""
    }

    func execute(output: any CommandOutput) async -> ExitStatus {
        var logger = Logger(label: "trustmonitor.agent") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .info
        let runner: AgentRunner
        do {
            let configuration = try AgentConfiguration(
                server: server, token: Self.token(flag: token, environment: ProcessInfo.processInfo.environment),
                region: region, dataDir: dataDir, canary: canary, concurrency: concurrency)
            let signer = try AgentKey.loadOrCreate(dataDir: dataDir)
            runner = AgentRunner(configuration: configuration, signer: signer, logger: logger)
            logger.info("agent starting", metadata: [
                "server": "\(configuration.server)", "region": "\(configuration.region)",
                "key": "\(signer.verifierKey.vkey)", "concurrency": "\(configuration.concurrency)"])
        } catch {
            output.err("trustmonitor agent: \(error)")
            return .usage
        }
        // One service; however it ends, the group ends with it, and its error (a refusal) comes out as is.
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: runner, successTerminationBehavior: .gracefullyShutdownGroup,
                             failureTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
            return .up
        } catch let refusal as ServerRefusal {
            output.err("trustmonitor agent: stopped: the server refused this agent: \(refusal)")
            return .down
        } catch {
            output.err("trustmonitor agent: stopped: \(error)")
            return .down
        }
    }
}
