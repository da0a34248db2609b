import Foundation
import Logging
public import ServiceLifecycle

/// Reminders and escalations while incidents stay open and unacknowledged, planned every `interval` on the
/// active replica. Each is an event with a fixed name, so planning again (here, after a restart, on another
/// replica) never sends one twice.
public struct AlertPolicyService: Service {
    let engine: MonitorEngine
    let interval: Duration

    public init(engine: MonitorEngine, interval: Duration = .seconds(15)) {
        self.engine = engine
        self.interval = interval
    }

    public func run() async throws {
        let logger = Logger(label: "trustmonitor.alerts")
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await engine.planOpenIncidents(now: Date())
            } catch {
                logger.error("reminders and escalations not planned", metadata: ["error": "\(error)"])
            }
            _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
