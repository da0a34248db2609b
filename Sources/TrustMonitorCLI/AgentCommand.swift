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
            + "and registered with the server; so is its witness key (witness.skey), with which it cosigns the "
            + "log's checkpoints, keeping what it cosigned in witness-state.json and the log key it trusts in "
            + "log.vkey. Keep the directory. Several --server URLs are replicas: the agent uses one at a time and "
            + "moves to the next when it stands by or cannot be reached. SIGTERM or SIGINT stops gracefully. "
            + "Exit 0 after a stop, 1 when the server refuses the agent, 2 for bad input."
    )

    static let tokenVariable = "TRUSTMONITOR_AGENT_TOKEN"

    @Option(help: ArgumentHelp("The server's base URL, e.g. https://monitor.example.com; repeat it (or give a "
        + "comma-separated list) for replicas, tried in order."))
    var server: [String] = []

    @Option(help: ArgumentHelp("The agent token the server issued; prefer the TRUSTMONITOR_AGENT_TOKEN "
        + "environment variable, since arguments show in `ps`."))
    var token: String?

    @Option(help: "The region this agent runs in; must match the region the token was issued for.")
    var region: String

    @Option(name: .customLong("data-dir"), help: "Where the agent keeps its keys and what its witness cosigned.")
    var dataDir = "./agent-data"

    @Option(help: "A known-good URL checked before every heartbeat (default: the /healthz of the server in use).")
    var canary: String?

    @Option(help: "Checks in flight at once.")
    var concurrency = 64

    @Flag(name: .customLong("no-witness"), help: "Do not cosign the log's checkpoints.")
    var noWitness = false

    @Option(name: .customLong("log-key"), help: ArgumentHelp("The log's vkey to witness for (default: the key the "
        + "server names at the first registration, then kept in the data dir)."))
    var logKey: String?

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
                servers: server, token: Self.token(flag: token, environment: ProcessInfo.processInfo.environment),
                region: region, dataDir: dataDir, canary: canary, concurrency: concurrency, witness: !noWitness,
                logKey: logKey)
            let signer = try AgentKey.loadOrCreate(dataDir: dataDir)
            let witness = configuration.witness ? try WitnessFiles.open(dataDir: dataDir, region: region) : nil
            runner = AgentRunner(configuration: configuration, signer: signer, witness: witness, logger: logger)
            logger.info("agent starting", metadata: [
                "servers": "\(configuration.servers.joined(separator: ","))", "region": "\(configuration.region)",
                "key": "\(signer.verifierKey.vkey)", "witness_key": "\(witness?.signer.verifierKey.vkey ?? "none")",
                "concurrency": "\(configuration.concurrency)"])
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
            if refusal.code == "key_conflict" {
                // The server binds the witness key with the agent key, once: turning witnessing on or off
                // later reads as another key.
                let toggle = noWitness
                    ? "while witnessing, drop --no-witness"
                    : "with --no-witness or by an agent that did not witness, run with --no-witness"
                output.err("trustmonitor agent: if this token was first registered \(toggle), "
                    + "or issue a new token (trustmonitor probes add)")
            }
            return .down
        } catch {
            output.err("trustmonitor agent: stopped: \(error)")
            return .down
        }
    }
}
