import Foundation
@testable import TrustMonitorTestSupport
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import TrustMonitorLedger
@testable import TrustMonitorAgent

/// A real agent run the way `trustmonitor agent` runs it, in a service group, so a test can stop it as
/// SIGTERM would and see how it ended.
struct AgentHarness {
    let signer: NoteSigner
    /// The witness's files; nil when the agent does not witness.
    let witness: WitnessFiles?
    let dataDir: String
    /// What the agent logged (also printed, for a failing test's reader).
    let logs: LogRecorder
    private let group: ServiceGroup
    private let running: Task<Void, Never>
    private let outcome: NIOLockedValueBox<Result<Void, any Error>?>

    static func configuration(server: String, token: String, region: String, dataDir: String? = nil,
                              canary: String? = nil, leaseWait: Duration = .seconds(2), witness: Bool = true,
                              logKey: String? = nil) throws -> AgentConfiguration {
        try configuration(servers: [server], token: token, region: region, dataDir: dataDir, canary: canary,
                          leaseWait: leaseWait, witness: witness, logKey: logKey)
    }

    static func configuration(servers: [String], token: String, region: String, dataDir: String? = nil,
                              canary: String? = nil, leaseWait: Duration = .seconds(2), witness: Bool = true,
                              logKey: String? = nil) throws -> AgentConfiguration {
        let dataDir = dataDir ?? NSTemporaryDirectory() + "tm-agent-\(UUID().uuidString)"
        var configuration = try AgentConfiguration(servers: servers, token: token, region: region, dataDir: dataDir,
                                                   canary: canary, concurrency: 4, witness: witness, logKey: logKey)
        // Short long polls: the server's shutdown waits for an open one.
        configuration.leaseWait = leaseWait
        configuration.witnessWait = min(leaseWait, .seconds(2))
        // Short backoff: a test waits for the agent to come back, not the other way round.
        configuration.maxBackoff = .seconds(2)
        return configuration
    }

    static func start(_ configuration: AgentConfiguration) throws -> AgentHarness {
        let signer = try AgentKey.loadOrCreate(dataDir: configuration.dataDir)
        let witness = configuration.witness
            ? try WitnessFiles.open(dataDir: configuration.dataDir, region: configuration.region) : nil
        let logs = LogRecorder()
        var logger = Logger(label: "test.agent") { label in
            MultiplexLogHandler([logs.logger(label: label, level: .trace).handler,
                                 StreamLogHandler.standardOutput(label: label)])
        }
        logger.logLevel = .info
        let runner = AgentRunner(configuration: configuration, signer: signer, witness: witness, logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: runner, successTerminationBehavior: .gracefullyShutdownGroup,
                             failureTerminationBehavior: .gracefullyShutdownGroup)],
            logger: logger))
        let outcome = NIOLockedValueBox<Result<Void, any Error>?>(nil)
        let running = Task {
            do {
                try await group.run()
                outcome.withLockedValue { $0 = .success(()) }
            } catch {
                outcome.withLockedValue { $0 = .failure(error) }
            }
        }
        return AgentHarness(signer: signer, witness: witness, dataDir: configuration.dataDir, logs: logs,
                            group: group, running: running, outcome: outcome)
    }

    /// Stops as on SIGTERM; returns how the agent ended and how long the stop took.
    func stop() async -> (result: Result<Void, any Error>?, took: Duration) {
        let clock = ContinuousClock()
        let start = clock.now
        await group.triggerGracefulShutdown()
        await running.value
        return (outcome.withLockedValue { $0 }, clock.now - start)
    }

    /// How the agent ended on its own (a refusal), waiting at most `limit`; nil if it is still running.
    func ended(within limit: Duration) async -> Result<Void, any Error>? {
        let clock = ContinuousClock()
        let end = clock.now + limit
        while clock.now < end {
            if let result = outcome.withLockedValue({ $0 }) { return result }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return outcome.withLockedValue { $0 }
    }
}
