import Logging
public import ServiceLifecycle

/// On the active replica, applies API changes other replicas stored: one cheap read (`Store.apiChangeStamp`) every
/// `interval`, a reload of the API's monitors and windows only when it moved.
public struct MonitorSetPoller: Service {
    let monitors: MonitorSet
    let interval: Duration
    let logger = Logger(label: "trustmonitor.monitors")

    public init(monitors: MonitorSet, interval: Duration = .seconds(2)) {
        self.monitors = monitors
        self.interval = interval
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await monitors.applyIfChanged()
            } catch {
                logger.error("could not apply API changes; retrying", metadata: ["error": "\(error)"])
            }
            _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
