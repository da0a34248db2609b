import ArgumentParser
import Foundation
import TrustMonitorAgentProtocol
import TrustMonitorConfig
import TrustMonitorCore
import TrustMonitorStore

/// `trustmonitor probes ...`: the remote probe agents a server accepts.
struct ProbesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probes",
        abstract: "Add and list remote probe agents.",
        subcommands: [ProbesAddCommand.self, ProbesListCommand.self]
    )
}

/// Opens the store the server's config names (SQLite or PostgreSQL), migrated, for a short command.
struct ConfiguredStore {
    /// What a short command got from the store, or the exit status it ends with (the error already said).
    enum Outcome<T> {
        case success(T)
        case failure(ExitStatus)
    }

    static func withStore<T>(config: String, output: any CommandOutput,
                             _ body: (any Store) async throws -> T) async -> Outcome<T> {
        let configuration: Configuration
        do {
            configuration = try Configuration.load(path: config, environment: ProcessInfo.processInfo.environment)
        } catch {
            output.err("error: \(error)")
            return .failure(.usage)
        }
        do {
            let store = try await ServerRuntime.openStore(configuration)
            do {
                try await store.migrate()
                let result = try await body(store)
                try await store.close()
                return .success(result)
            } catch {
                try? await store.close()
                throw error
            }
        } catch StoreError.conflict(let reason) {
            output.err("error: \(reason)")
            return .failure(.usage)
        } catch {
            output.err("error: \(error)")
            return .failure(.down)
        }
    }
}

/// `trustmonitor probes add NAME --region R`: prints the agent's token once; the server keeps its hash.
struct ProbesAddCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a remote probe and print its token (shown once; only its hash is stored).",
        discussion: "Run the agent with: trustmonitor agent --server URL --token TOKEN --region REGION"
    )

    @Argument(help: "The probe's name, unique: A-Z a-z 0-9 . _ -")
    var name: String

    @Option(help: "The region the agent runs in; its results are refused if it claims another.")
    var region: String

    @Option(help: "The server's config file (for its storage).")
    var config = "trustmonitor.yaml"

    func execute(output: any CommandOutput) async -> ExitStatus {
        for problem in [RegionName.problem(name, what: "probe name"), RegionName.problem(region)].compactMap({ $0 }) {
            output.err("error: \(problem)")
            return .usage
        }
        let token = AgentToken.generate()
        let result = await ConfiguredStore.withStore(config: config, output: output) { store in
            try await store.addProbe(name: name, region: region, tokenHash: AgentToken.hash(token), now: Date())
        }
        switch result {
        case .failure(let status): return status
        case .success(let probe):
            output.out("probe   \(probe.name) (\(probe.id)), region \(probe.region)")
            output.out("token   \(token)")
            output.out("The token is shown once. Start the agent with:")
            output.out("  TRUSTMONITOR_AGENT_TOKEN=\(token) trustmonitor agent --server http://SERVER:PORT --region \(probe.region)")
            return .up
        }
    }
}

/// `trustmonitor probes list`: every probe, its region, whether it registered, and its last heartbeat.
struct ProbesListCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the remote probes (for live state use GET /api/v1/probes on the server)."
    )

    @Option(help: "The server's config file (for its storage).")
    var config = "trustmonitor.yaml"

    func execute(output: any CommandOutput) async -> ExitStatus {
        let result = await ConfiguredStore.withStore(config: config, output: output) { store in try await store.probes() }
        switch result {
        case .failure(let status): return status
        case .success(let probes):
            for probe in probes {
                let heartbeat = probe.lastHeartbeat.map(RFC3339.format) ?? "never"
                let registered = probe.key == nil ? "not registered" : "registered"
                output.out("\(probe.name)\t\(probe.region)\t\(registered)\tlast heartbeat \(heartbeat)"
                           + (probe.impaired ? "\timpaired: \(probe.canaryFailure ?? "")" : ""))
            }
            return .up
        }
    }
}
