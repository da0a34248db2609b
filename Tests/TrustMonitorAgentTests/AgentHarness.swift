import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import TrustMonitorLedger
@testable import TrustMonitorAgent

/// A real agent run the way `trustmonitor agent` runs it, in a service group, so a test can stop it as
/// SIGTERM would and see how it ended.
struct AgentHarness {
    let signer: NoteSigner
    let dataDir: String
    private let group: ServiceGroup
    private let running: Task<Void, Never>
    private let outcome: NIOLockedValueBox<Result<Void, any Error>?>

    static func configuration(server: String, token: String, region: String, dataDir: String? = nil,
                              canary: String? = nil, leaseWait: Duration = .seconds(2)) throws -> AgentConfiguration {
        let dataDir = dataDir ?? NSTemporaryDirectory() + "tm-agent-\(UUID().uuidString)"
        var configuration = try AgentConfiguration(server: server, token: token, region: region, dataDir: dataDir,
                                                   canary: canary, concurrency: 4)
        // Short long polls: the server's shutdown waits for an open one.
        configuration.leaseWait = leaseWait
        return configuration
    }

    static func start(_ configuration: AgentConfiguration) throws -> AgentHarness {
        let signer = try AgentKey.loadOrCreate(dataDir: configuration.dataDir)
        var logger = Logger(label: "test.agent")
        logger.logLevel = .info
        let runner = AgentRunner(configuration: configuration, signer: signer, logger: logger)
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
        return AgentHarness(signer: signer, dataDir: configuration.dataDir, group: group, running: running,
                            outcome: outcome)
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
